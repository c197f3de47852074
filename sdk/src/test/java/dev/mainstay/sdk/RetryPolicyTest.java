package dev.mainstay.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void defaults_areExponentialFromOneSecondDoublingCappedAtSixty() {
        RetryPolicy p = RetryPolicy.defaults();
        assertThat(p.maxAttempts()).isEqualTo(3);
        assertThat(List.of(1, 2, 3, 7, 10)).extracting(n -> p.intervalAfter(n).toMillis())
                .containsExactly(1_000L, 2_000L, 4_000L, 60_000L, 60_000L);
    }

    @Test
    void backoffKinds_growAsNamed() {
        RetryPolicy base = RetryPolicy.defaults().withInitialInterval(Duration.ofMillis(100)).withJitter(0);
        assertThat(base.withBackoff(Backoff.CONSTANT).intervalAfter(4)).isEqualTo(Duration.ofMillis(100));
        assertThat(base.withBackoff(Backoff.LINEAR).intervalAfter(4)).isEqualTo(Duration.ofMillis(400));
        assertThat(base.withBackoffCoefficient(3).intervalAfter(3)).isEqualTo(Duration.ofMillis(900));
    }

    @Test
    void jitter_staysWithinItsShareAndTheCap() {
        RetryPolicy p = RetryPolicy.defaults().withJitter(0.5);
        for (int i = 0; i < 200; i++) {
            assertThat(p.delayAfter(1).toMillis()).isBetween(500L, 1_500L);
            assertThat(p.delayAfter(9).toMillis()).isLessThanOrEqualTo(60_000L);
        }
    }

    @Test
    void retries_stopAtMaxAttemptsAndOnNonRetryable() {
        RetryPolicy p = RetryPolicy.defaults().withNonRetryable(List.of(IllegalArgumentException.class));
        assertThat(p.retries(new IllegalStateException(), 2)).isTrue();
        assertThat(p.retries(new IllegalStateException(), 3)).isFalse();
        assertThat(p.retries(new NumberFormatException(), 1)).as("subtypes of a listed type").isFalse();
        assertThat(p.retries(new TerminalException("no"), 1)).isFalse();
    }

    @Test
    void badValues_areRefusedWithTheirName() {
        assertThatThrownBy(() -> RetryPolicy.defaults().withMaxAttempts(0)).hasMessageContaining("maxAttempts was 0");
        assertThatThrownBy(() -> RetryPolicy.defaults().withJitter(2)).hasMessageContaining("jitter was 2");
    }
}
