package dev.mainstay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The skipping rule of a test clock: only when idle, exactly to the next run timer, never backwards. */
class TimeSkippingTest {
    private static final long WEEK = Duration.ofDays(7).toMillis();

    private final TestClock clock = new TestClock();
    private final AtomicBoolean runnable = new AtomicBoolean();
    private final AtomicReference<OptionalLong> nextTimer = new AtomicReference<>(OptionalLong.empty());
    private final TimeSkipping skipping = new TimeSkipping(clock, runnable::get, nextTimer::get);

    @Test
    void skip_idle_movesTheClockToTheNextTimer() {
        long wakeAt = clock.millis() + WEEK;
        nextTimer.set(OptionalLong.of(wakeAt));

        assertThat(skipping.skip()).isTrue();

        assertThat(clock.millis()).isBetween(wakeAt, wakeAt + 1_000); // there, then on with the system clock
        assertThat(clock.offsetMs()).isBetween(WEEK - 1_000, WEEK + 1_000);
        assertThat(skipping.skip()).isFalse(); // the timer is due now: nothing ahead to jump to
    }

    @Test
    void skip_whileARunIsRunningOrReady_keepsRealTime() {
        nextTimer.set(OptionalLong.of(clock.millis() + WEEK));
        runnable.set(true);

        assertThat(skipping.skip()).isFalse();

        assertThat(clock.offsetMs()).isZero();
    }

    @Test
    void skip_withNoTimer_staysPut() {
        assertThat(skipping.skip()).isFalse();

        assertThat(clock.offsetMs()).isZero();
    }

    @Test
    void skip_toATimerInThePast_neverGoesBack() {
        long wakeAt = clock.millis() + WEEK;
        nextTimer.set(OptionalLong.of(wakeAt));
        skipping.skip();
        long offset = clock.offsetMs();

        nextTimer.set(OptionalLong.of(wakeAt - Duration.ofDays(3).toMillis()));

        assertThat(skipping.skip()).isFalse();
        assertThat(clock.offsetMs()).isEqualTo(offset);
        assertThat(clock.advanceTo(0)).isZero();
        assertThat(clock.offsetMs()).isEqualTo(offset);
    }

    @Test
    void skip_severalTimers_goesOneTimerAtATime() {
        long start = clock.millis();
        nextTimer.set(OptionalLong.of(start + Duration.ofDays(1).toMillis()));
        skipping.skip();
        assertThat(clock.millis()).isLessThan(start + Duration.ofDays(2).toMillis());

        nextTimer.set(OptionalLong.of(start + WEEK));
        skipping.skip();

        assertThat(clock.millis()).isBetween(start + WEEK, start + WEEK + 1_000);
    }

    @Test
    void systemClock_neverSkips() {
        assertThat(RuntimeClock.SYSTEM.skips()).isFalse();
        assertThat(RuntimeClock.SYSTEM.millis()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(1_000L));
        assertThat(clock.skips()).isTrue();
    }
}
