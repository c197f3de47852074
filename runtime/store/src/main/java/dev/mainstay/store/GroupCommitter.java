package dev.mainstay.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: the single writer of a store.
 *
 * <p>Why: a durable commit costs an fsync (0.25 to 0.5 ms on the machines we measure), and a step
 * cannot be acknowledged before its commit. One writer thread takes every write that queued up
 * while the previous commit was flushing, applies them all in one transaction, and commits once,
 * so N concurrent runs pay one fsync, not N. Under low load a batch is a single write and latency
 * is one commit; under high load batches grow by themselves. Nothing waits on a timer to fill a batch.
 *
 * <p>Atomicity without savepoints: every write makes all its checks before it changes anything, so
 * a refused write (a {@link dev.mainstay.protocol.MainstayException}) has written nothing. An
 * unexpected SQLException (in any of a write's statements) rolls the whole batch back, and its
 * writes are then retried one transaction each, so only the faulty one fails.
 *
 * <p>Futures are completed on the writer thread right after COMMIT returns (never before). Their
 * callbacks must not block: they enqueue a message or another write, nothing more.
 */
final class GroupCommitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
    private static final int MAX_BATCH = 1024;

    /** One write: runs on the writer's connection inside the batch transaction. */
    @FunctionalInterface
    interface Write<T> {
        T apply(Sql sql) throws SQLException;
    }

    private record Pending<T>(Write<T> write, CompletableFuture<T> future) {
        void run(Sql sql, List<Runnable> completions) throws SQLException {
            try {
                T value = write.apply(sql);
                completions.add(() -> future.complete(value));
            } catch (RuntimeException refused) {
                completions.add(() -> future.completeExceptionally(refused));
            }
        }
    }

    private static final Pending<Void> STOP = new Pending<>(sql -> null, new CompletableFuture<>());

    private final Sql sql;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;
    private volatile CommitObserver observer = (size, nanos) -> {};

    GroupCommitter(Sql sql, String name) throws SQLException {
        this.sql = sql;
        sql.connection().setAutoCommit(false);
        this.writer = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
    }

    void observer(CommitObserver observer) {
        this.observer = observer;
    }

    <T> CompletableFuture<T> submit(Write<T> write) {
        CompletableFuture<T> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new IllegalStateException("the store is closed"));
            return future;
        }
        queue.add(new Pending<>(write, future));
        return future;
    }

    private void loop() {
        List<Pending<?>> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean stop = batch.remove(STOP);
                if (!batch.isEmpty()) {
                    commit(batch);
                }
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void commit(List<Pending<?>> batch) {
        List<Runnable> completions = new ArrayList<>(batch.size());
        long begun = System.nanoTime();
        try {
            for (Pending<?> pending : batch) {
                pending.run(sql, completions);
            }
            sql.connection().commit();
            observer.committed(batch.size(), System.nanoTime() - begun);
            completions.forEach(Runnable::run);
        } catch (SQLException e) {
            rollback();
            if (batch.size() == 1) {
                log.error("event=write_failed error={}", e.toString());
                batch.get(0).future().completeExceptionally(e);
            } else {
                log.warn("event=batch_failed size={} error={}; retrying one by one", batch.size(), e.toString());
                for (Pending<?> pending : batch) {
                    commit(List.of(pending));
                }
            }
        }
    }

    private void rollback() {
        try {
            sql.connection().rollback();
        } catch (SQLException e) {
            log.warn("event=rollback_failed error={}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IllegalStateException closedError = new IllegalStateException("the store is closed");
        for (Pending<?> left; (left = queue.poll()) != null; ) {
            left.future().completeExceptionally(closedError);
        }
        try {
            sql.close();
        } catch (SQLException e) {
            log.warn("event=close_failed error={}", e.toString());
        }
    }
}
