package dev.mainstay.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.engine.auth.Principal;
import dev.mainstay.engine.auth.Role;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CallerLimitsTest {
    private static final Principal A = new Principal("tok_a", "default", Role.CLIENT);
    private static final Principal B = new Principal("tok_b", "default", Role.CLIENT);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aBurstOfOneSecondsWorth_thenRefusedUntilItRefills_perToken() {
        CallerLimits limits = new CallerLimits(4, 10, 10, now::get);
        for (int i = 0; i < 4; i++) {
            limits.start(A);
        }
        assertThatThrownBy(() -> limits.start(A)).isInstanceOfSatisfying(CallerLimits.RateLimitedException.class,
                e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
        limits.start(B); // another token's bucket is full
        now.addAndGet(250_000_000L); // a quarter of a second: one start's worth
        limits.start(A);
        assertThatThrownBy(() -> limits.start(A)).isInstanceOf(CallerLimits.RateLimitedException.class);
    }

    @Test
    void heldPlaces_areCapped_andComeBackOnClose() {
        CallerLimits limits = new CallerLimits(10, 2, 1, now::get);
        CallerLimits.Slot first = limits.openWait(A);
        CallerLimits.Slot second = limits.openWait(A);
        assertThatThrownBy(() -> limits.openWait(A)).isInstanceOf(ApiException.class).hasMessageContaining("--token-max-waits");
        limits.openWait(B).close();
        first.close();
        limits.openWait(A).close();
        second.close();
        CallerLimits.Slot stream = limits.openStream(A);
        assertThatThrownBy(() -> limits.openStream(A)).hasMessageContaining("--token-max-streams");
        stream.close();
        limits.openStream(A).close();
    }

    @Test
    void endToken_endsEveryPlaceTheTokenHolds_andOnlyThose() {
        CallerLimits limits = new CallerLimits(10, 2, 2, now::get);
        CallerLimits.Slot wait = limits.openWait(A);
        CallerLimits.Slot stream = limits.openStream(A);
        CallerLimits.Slot other = limits.openStream(B);
        CallerLimits.Slot closed = limits.openWait(A);
        closed.close();
        assertThat(limits.holding()).containsExactlyInAnyOrder("tok_a", "tok_b");

        limits.endToken("tok_a");
        assertThat(wait.ended()).isDone();
        assertThat(stream.ended()).isDone();
        assertThat(closed.ended()).as("a place given back is not held").isNotDone();
        assertThat(other.ended()).isNotDone();
        assertThat(wait.endedMessage("long-poll")).contains("tok_a", "revoked or expired", "long-poll");
        assertThat(limits.holding()).containsExactly("tok_b");
        wait.close();
        stream.close();
        stream.close(); // twice gives back once
        other.close();
        assertThat(limits.holding()).isEmpty();
    }

    /** Over any timeline, a token's starts in a window of t seconds never pass rate × t plus one burst. */
    @Property(tries = 300)
    void startsNeverPassTheRatePlusOneBurst(@ForAll @IntRange(min = 1, max = 50) int rate,
                                            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 200_000_000) Integer> gapsNanos) {
        AtomicLong clock = new AtomicLong(0);
        CallerLimits limits = new CallerLimits(rate, 1, 1, clock::get);
        int admitted = 0;
        for (int gap : gapsNanos) {
            clock.addAndGet(gap);
            try {
                limits.start(A);
                admitted++;
            } catch (CallerLimits.RateLimitedException refused) {
                assertThat(refused.retryAfterSeconds()).isPositive();
            }
        }
        assertThat((double) admitted).isLessThanOrEqualTo(rate + rate * clock.get() / 1e9 + 1e-9);
    }
}
