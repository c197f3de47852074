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
 * Deletes finished runs once they are older than the retention ({@code --retention}), counted from
 * their finish. Runs on the leading node only (one node deletes, the others would only contend), a
 * pass every tenth of the retention (between 1 s and 1 min), in batches of {@value #BATCH} runs, each
 * its own write: the writer serves other writes between two batches, so a large backlog (the first
 * pass over a store that never deleted) drains without stalling starts and steps.
 */
final class Retention implements AutoCloseable {
    static final int BATCH = 100;
    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final JournalStore store;
    private final Duration keep;
    private final BooleanSupplier leading;
    private final RuntimeClock clock;
    private final ScheduledExecutorService passes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "mainstay-retention");
        thread.setDaemon(true);
        return thread;
    });

    Retention(JournalStore store, Duration keep, BooleanSupplier leading, RuntimeClock clock) {
        this.store = store;
        this.keep = keep;
        this.leading = leading;
        this.clock = clock;
        long periodMs = Math.max(1_000, Math.min(60_000, keep.toMillis() / 10));
        passes.scheduleWithFixedDelay(this::pass, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** One pass: every run due now, batch after batch; how many went. */
    int pass() {
        if (!leading.getAsBoolean()) {
            return 0;
        }
        long before = clock.millis() - keep.toMillis();
        int deleted = 0;
        try {
            int batch;
            do {
                batch = store.deleteFinishedRuns(before, BATCH).join();
                deleted += batch;
            } while (batch == BATCH && !passes.isShutdown());
        } catch (RuntimeException e) {
            // the store refused for now (full queue, a failover): the next pass takes up where this stopped
            log.warn("event=retention_failed deleted={} error={}", deleted, e.toString());
        }
        if (deleted > 0) {
            log.info("event=retention_deleted runs={} finishedBefore={}", deleted, java.time.Instant.ofEpochMilli(before));
        }
        return deleted;
    }

    @Override
    public void close() {
        passes.shutdownNow();
    }
}
