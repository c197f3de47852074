package dev.mainstay.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RateHoldsTest {
    private final List<String> offers = new CopyOnWriteArrayList<>();

    @Test
    void aGroupsRuns_areOfferedOneAtATime_inOrder_theNextWhenTheLastWasClaimed() {
        try (RateHolds holds = new RateHolds(run -> offers.add(run.component() + ":" + run.id()))) {
            holds.hold("r1", "paced", 0, "c1", 50);
            holds.hold("r2", "paced", 0, "c1", 50);
            holds.hold("r3", "paced", 0, "c1", 50);
            holds.hold("x1", "paced", 0, "c2", 50);
            assertThat(holds.depths()).containsEntry("paced", 4);
            assertThat(holds.holds("r2")).isTrue();

            await().atMost(Duration.ofSeconds(2)).until(() -> offers.size() == 2);
            assertThat(offers).containsExactlyInAnyOrder("paced:r1", "paced:x1");
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> offers.size() == 2);

            holds.claimed("r1"); // it began: another place may be free
            await().atMost(Duration.ofSeconds(1)).until(() -> offers.size() == 3);
            assertThat(offers.get(2)).isEqualTo("paced:r2");
            assertThat(holds.holds("r1")).isFalse();

            holds.hold("r2", "paced", 0, "c1", 30); // refused again: it stays the group's first
            await().atMost(Duration.ofSeconds(1)).until(() -> offers.size() == 4);
            assertThat(offers.get(3)).isEqualTo("paced:r2");
        }
    }

    @Test
    void anOfferThatNeverReportsBack_doesNotStallItsGroup() {
        try (RateHolds holds = new RateHolds(run -> offers.add(run.id()))) {
            holds.hold("r1", "paced", 0, "", 10);
            holds.hold("r2", "paced", 0, "", 10);
            await().atMost(Duration.ofSeconds(1)).until(() -> offers.equals(List.of("r1")));
            await("after the fallback").atMost(Duration.ofMillis(RateHolds.FALLBACK_MS + 2_000))
                    .until(() -> offers.equals(List.of("r1", "r2")));
        }
    }
}
