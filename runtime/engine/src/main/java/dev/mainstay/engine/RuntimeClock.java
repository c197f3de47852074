package dev.mainstay.engine;

/**
 * The runtime's time line: every time the runtime writes or compares for a run (entry and run times,
 * {@code wake_at}, {@code wait_deadline}, {@code retry_at}, {@code deadline_at}, schedule slots)
 * is read here, so that a test runtime can move it ({@link TestClock}).
 *
 * <p>What does not read it, on purpose: what measures real processes or guards access. Node leases
 * are judged by the database's clock; worker leases, heartbeats and attempt timeouts measure how
 * long a real worker was silent or busy; tokens, browser sessions and webhook signatures are judged
 * by the wall clock (a skipped week must not expire a token or accept a stale signature); ids
 * (UUIDv7) are ordered by the wall clock.
 *
 * <p>Production runs on {@link #SYSTEM}: one final field and a static call, nothing more.
 */
@FunctionalInterface
public interface RuntimeClock {
    /** The system clock, unmoved: the only clock outside tests. */
    RuntimeClock SYSTEM = System::currentTimeMillis;

    /** Now, in epoch milliseconds. */
    long millis();

    /** Whether this clock jumps ahead (a {@link TestClock}); workers are told so in {@code Registered}. */
    default boolean skips() {
        return false;
    }
}
