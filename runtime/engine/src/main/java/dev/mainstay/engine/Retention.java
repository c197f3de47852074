package dev.mainstay.engine;

import dev.mainstay.store.JournalStore;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes finished runs once they are older than their retention, counted from their finish: their
 * workflow's own ({@link JournalStore#setRetention}), else the runtime's ({@code --retention}; none:
 * such runs stay). Runs on the leading node only (one node deletes, the others would only contend), a
 * pass every tenth of the shortest retention in force (between 1 s and 1 min; a change of a workflow's
 * retention on this node plans again at once), in batches of {@value #BATCH} runs, each
 * its own write: the writer serves other writes between two batches, so a large backlog (the first
 * pass over a store that never deleted) drains without stalling starts and steps.
 */
final class Retention implements AutoCloseable {
    static final int BATCH = 50;
    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final JournalStore store;
    private final Duration keep;
    private final BooleanSupplier leading;
    private final RuntimeClock clock;
    /** The planned pass; read and replaced on the passes' thread only (and once by the constructor). */
    private volatile java.util.concurrent.ScheduledFuture<?> next;
    private final ScheduledExecutorService passes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "mainstay-retention");
        thread.setDaemon(true);
        return thread;
    });

    /** {@code keep}: the runtime's retention, null for none (only workflows' own ones apply). */
    Retention(JournalStore store, Duration keep, BooleanSupplier leading, RuntimeClock clock) {
        this.store = store;
        this.keep = keep;
        this.leading = leading;
        this.clock = clock;
        next = passes.schedule(this::passAndPlan, period(), TimeUnit.MILLISECONDS);
    }

    /** The runtime's retention, if it has one. */
    java.util.Optional<Duration> keep() {
        return java.util.Optional.ofNullable(keep);
    }

    /** A workflow's retention changed: pass now, and plan the next by the new shortest retention. */
    void replan() {
        passes.execute(() -> {
            next.cancel(false); // one plan at a time: this pass plans the next
            passAndPlan();
        });
    }

    private void passAndPlan() {
        pass();
        if (!passes.isShutdown()) {
            next = passes.schedule(this::passAndPlan, period(), TimeUnit.MILLISECONDS);
        }
    }

    private long period() {
        long shortest = keep == null ? 600_000 : keep.toMillis();
        try {
            shortest = Math.min(shortest, store.shortestRetention().orElse(shortest));
        } catch (RuntimeException e) {
            // the store is away for now: plan by the runtime's retention
        }
        return Math.max(1_000, Math.min(60_000, shortest / 10));
    }

    /** One pass: every run due now, batch after batch; how many went. */
    int pass() {
        if (!leading.getAsBoolean()) {
            return 0;
        }
        long now = clock.millis();
        Long keepMs = keep == null ? null : keep.toMillis();
        int deleted = 0;
        try {
            int batch;
            do {
                long began = System.nanoTime();
                batch = store.deleteFinishedRuns(keepMs, now, BATCH).join();
                deleted += batch;
                if (batch == BATCH) {
                    // a backlog: leave the writer as long again to the runs' own writes before the next batch
                    pause(System.nanoTime() - began);
                }
            } while (batch == BATCH && !passes.isShutdown());
        } catch (RuntimeException e) {
            // the store refused for now (full queue, a failover): the next pass takes up where this stopped
            log.warn("event=retention_failed deleted={} error={}", deleted, e.toString());
        }
        if (deleted > 0) {
            log.info("event=retention_deleted runs={} retention={}", deleted, keep == null ? "per workflow" : keep);
        }
        return deleted;
    }

    private static void pause(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(Math.min(nanos, TimeUnit.SECONDS.toNanos(1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: the loop ends at its next check
        }
    }

    @Override
    public void close() {
        passes.shutdownNow();
    }
}
