package dev.mainstay.engine;

import dev.mainstay.store.JournalStore;
import dev.mainstay.store.RunRecord;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable timers: wakes SUSPENDED runs when their {@code wake_at} is due, fails live runs whose
 * whole-run {@code deadline_at} passed, and fires schedules whose next slot came.
 *
 * <p>Why this shape: a timer is a column of the run's row with an index, so it survives restarts
 * and costs a row, not a thread or a heap object. One thread sleeps until the earliest due time (an
 * index lookup, never a scan), wakes what is due in one transaction, and hands those runs to
 * dispatch. A newly scheduled earlier timer interrupts the sleep through {@link #scheduled(long)}.
 */
final class Timers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Timers.class);
    private static final int BATCH = 500;
    private static final long IDLE_CHECK_MS = 60_000;
    /** With a test clock, how often an idle runtime is looked at again (a run's end wakes nothing here). */
    private static final long SKIP_CHECK_MS = 20;

    private final JournalStore store;
    private final ReadyRunsRef ready;
    private final java.util.function.Consumer<RunRecord> expired;
    private final Schedules schedules;
    private final RuntimeClock clock;
    /** Null unless the clock is a test clock. */
    private final TimeSkipping skipping;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** The earliest time scheduled since the loop last read the store (guarded by lock). */
    private long hinted = Long.MAX_VALUE;
    private volatile boolean closed;
    /** The loop's thread while this node leads (only the leader's timers run), else null. */
    private volatile Thread thread;

    /** Indirection so the engine can connect dispatch after the timers exist. */
    interface ReadyRunsRef {
        void ready(RunRecord run);
    }

    Timers(JournalStore store, ReadyRunsRef ready, java.util.function.Consumer<RunRecord> expired, Schedules schedules,
           RuntimeClock clock) {
        this.schedules = schedules;
        this.clock = clock;
        this.skipping = clock instanceof TestClock test ? new TimeSkipping(test, store::anyRunnable, store::nextRunTimer) : null;
        this.store = store;
        this.ready = ready;
        this.expired = expired;
    }

    /** Runs the timers while this node leads; stops them when another node took over. */
    synchronized void lead(boolean leader) {
        if (leader && thread == null && !closed) {
            thread = Thread.ofPlatform().name("mainstay-timers").daemon(true).unstarted(this::loop);
            thread.start(); // after the assignment: the loop runs while it is the current one
        } else if (!leader && thread != null) {
            thread.interrupt();
            thread = null;
        }
    }

    /** A run was suspended until {@code wakeAtMs}: wake the loop if that is earlier than it sleeps for. */
    void scheduled(long wakeAtMs) {
        lock.lock();
        try {
            if (wakeAtMs < hinted) {
                hinted = wakeAtMs;
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (!closed && thread == Thread.currentThread()) {
            try {
                lock.lock();
                try {
                    hinted = Long.MAX_VALUE; // what is scheduled from here on is seen below, or signals the wait
                } finally {
                    lock.unlock();
                }
                long now = clock.millis();
                List<RunRecord> due = Engine.join(store.wakeDue(now, BATCH));
                due.forEach(ready::ready);
                List<RunRecord> late = Engine.join(store.expireDue(now, BATCH));
                late.forEach(expired);
                boolean moreSchedules = schedules.fireDue(now);
                if (due.size() == BATCH || late.size() == BATCH || moreSchedules) {
                    continue;
                }
                if (skipping != null && skipping.skip()) {
                    continue; // what the jump made due is woken by the next pass
                }
                OptionalLong next = store.nextWakeAt();
                lock.lock();
                try {
                    long earliest = Math.min(next.orElse(Long.MAX_VALUE), hinted);
                    long waitMs = Math.min(earliest - clock.millis(), skipping == null ? IDLE_CHECK_MS : SKIP_CHECK_MS);
                    if (waitMs > 0 && !closed && hinted == Long.MAX_VALUE) {
                        changed.await(waitMs, java.util.concurrent.TimeUnit.MILLISECONDS);
                    }
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closed || thread != Thread.currentThread()) {
                    return;
                }
                log.warn("event=timer_pass_failed error={}", e.toString());
                sleepQuietly(1_000);
            }
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        lead(false);
    }
}
