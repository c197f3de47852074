package dev.mainstay.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Round-robin over the runtime's addresses; the wait grows only when every address failed in a row. */
class TargetRotationTest {
    final TargetRotation rotation = new TargetRotation(List.of("a:1", "b:1", "c:1"), 1, 100, 1_000);

    @Test
    void startsAtTheGivenAddress_andMovesToTheNextOnEachFailure() {
        assertThat(rotation.current()).isEqualTo("b:1");
        rotation.failed();
        assertThat(rotation.current()).isEqualTo("c:1");
        rotation.failed();
        assertThat(rotation.current()).isEqualTo("a:1");
    }

    @Test
    void theNextAddressIsTriedAtOnce_andTheWaitGrowsOnlyOnceEveryAddressFailed() {
        assertThat(rotation.failed()).isBetween(50L, 100L);
        assertThat(rotation.failed()).isBetween(50L, 100L);
        assertThat(rotation.failed()).as("the round is over").isBetween(50L, 100L);

        assertThat(rotation.failed()).isBetween(50L, 100L);
        assertThat(rotation.failed()).isBetween(50L, 100L);
        assertThat(rotation.failed()).as("a second round failed: the wait doubled").isBetween(100L, 200L);
    }

    @Test
    void theWaitIsCapped() {
        for (int i = 0; i < 30; i++) {
            rotation.failed();
        }
        assertThat(rotation.failed()).isBetween(50L, 100L);
        assertThat(rotation.failed()).isBetween(50L, 100L);
        assertThat(rotation.failed()).isBetween(500L, 1_000L);
    }

    @Test
    void aRegistrationStartsAFreshRound() {
        for (int i = 0; i < 6; i++) {
            rotation.failed();
        }
        rotation.registered();

        assertThat(rotation.failed()).isBetween(50L, 100L);
        assertThat(rotation.failed()).isBetween(50L, 100L);
        assertThat(rotation.failed()).isBetween(50L, 100L);
        assertThat(rotation.failed()).as("the wait starts from the minimum again").isBetween(50L, 100L);
    }

    @Test
    void withOneAddress_everyFailureIsAFailedRound_andTheWaitGrowsEachTime() {
        TargetRotation single = new TargetRotation(List.of("a:1"), 0, 100, 1_000);
        assertThat(single.failed()).isBetween(50L, 100L);
        assertThat(single.failed()).isBetween(100L, 200L);
        assertThat(single.failed()).isBetween(200L, 400L);
        assertThat(single.current()).isEqualTo("a:1");
    }
}
