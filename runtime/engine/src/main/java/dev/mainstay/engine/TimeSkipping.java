package dev.mainstay.engine;

import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one rule of a test clock: when nothing is running or ready (no run {@code RUNNING} or
 * {@code PENDING}: a claim in flight is still {@code PENDING}, an event that woke a run made it
 * {@code PENDING}), time jumps to the next run timer (a wake-up or a run deadline), and only then.
 * A run that computes, waits in its worker, or waits for a worker keeps real time.
 *
 * <p>Schedule slots follow the clock but never pull it: a schedule is always due again, so skipping
 * to it would start runs without end as fast as the machine goes. When time jumps past slots, they
 * fire as slots a stopped runtime missed would (the schedule's misfire policy).
 *
 * <p>The idle check and the move are not one transaction: a start or an event that commits between
 * them is not refused, and finds the clock moved. So an event wait with a timeout jumps to its
 * timeout once its run is the only thing left, and an event a client sends meanwhile races the jump
 * (the trap {@code @MainstayTest(timeSkipping)} documents).
 */
final class TimeSkipping {
    private static final Logger log = LoggerFactory.getLogger(TimeSkipping.class);

    private final TestClock clock;
    private final BooleanSupplier anyRunnable;
    private final Supplier<OptionalLong> nextRunTimer;

    TimeSkipping(TestClock clock, BooleanSupplier anyRunnable, Supplier<OptionalLong> nextRunTimer) {
        this.clock = clock;
        this.anyRunnable = anyRunnable;
        this.nextRunTimer = nextRunTimer;
    }

    /** Moves the clock to the next run timer if nothing is runnable and that timer is ahead; true when it moved. */
    boolean skip() {
        if (anyRunnable.getAsBoolean()) {
            return false;
        }
        OptionalLong next = nextRunTimer.get();
        if (next.isEmpty()) {
            return false;
        }
        long moved = clock.advanceTo(next.getAsLong());
        if (moved > 0) {
            log.info("event=time_skipped skippedMs={} offsetMs={} now={}", moved, clock.offsetMs(),
                    java.time.Instant.ofEpochMilli(clock.millis()));
        }
        return moved > 0;
    }
}
