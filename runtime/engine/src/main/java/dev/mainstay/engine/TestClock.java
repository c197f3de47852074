package dev.mainstay.engine;

/**
 * The clock of {@code mainstay server --test-clock}: the system clock plus an offset that only
 * grows. {@link Timers} moves it, through {@link TimeSkipping}, to the next run timer when
 * nothing runs; it never goes back, so every time the runtime wrote stays in the past.
 */
public final class TestClock implements RuntimeClock {
    private volatile long offsetMs;

    @Override
    public long millis() {
        return System.currentTimeMillis() + offsetMs;
    }

    @Override
    public boolean skips() {
        return true;
    }

    /** How far ahead of the system clock this clock is. */
    public long offsetMs() {
        return offsetMs;
    }

    /**
     * Moves the clock to {@code targetMs} if that is ahead of now; never backwards.
     *
     * @return how many milliseconds it moved (0 when {@code targetMs} is not ahead)
     */
    synchronized long advanceTo(long targetMs) {
        long ahead = targetMs - millis();
        if (ahead <= 0) {
            return 0;
        }
        offsetMs += ahead;
        return ahead;
    }
}
