package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: the single writer of a store.
 *
 * <p>Why: a durable commit costs an fsync (0.1 to 0.5 ms on the machines we measure), and a step
 * cannot be acknowledged before its commit. One writer thread takes every write that queued up
 * while the previous commit was flushing, applies them all in one transaction, and commits once,
 * so N concurrent runs pay one fsync, not N. Under low load a batch is a single write and latency
 * is one commit; under high load batches grow by themselves. Nothing waits on a timer to fill a batch.
 *
 * <p>All or nothing, per write: a write that fails is undone alone ({@link Isolation}: a batch runs
 * first without savepoints, since writes almost never fail and each savepoint costs round trips on
 * a networked engine; when one fails, the batch is rolled back and runs again with a savepoint per
 * write; a write alone in its batch has the transaction as its savepoint). Whatever it throws (a
 * refusal, an SQLException, a bug's RuntimeException half-way through, even an Error such as
 * StackOverflowError), it is rolled back to its savepoint, so it wrote nothing, its future fails,
 * and the rest of the batch commits. A failed COMMIT fails every write of the batch and marks the
 * store unhealthy until a later commit succeeds.
 *
 * <p>The writer never dies silently: if it cannot go on (a rollback failed, so the transaction's
 * state is unknown, or something escaped the per-write guard), every queued and later write fails
 * with {@link StoreUnavailableException} at once and the fatal handler is told, so the process can
 * report not-ready and exit for its supervisor to restart it.
 *
 * <p>Back-pressure: writes that clients cause ({@link #offer}) are refused while the queue holds
 * {@code maxQueued} writes; the writes of the runtime itself (acks of held runs, timers) are
 * always queued ({@link #submit}), since refusing them would fail runs that did nothing wrong. They
 * are bounded by what is running.
 *
 * <p>Futures are completed on the writer thread right after COMMIT returns (never before). Their
 * callbacks must not block: they enqueue a message or another write, nothing more. A callback or
 * commit observer that throws is logged and does not affect the writer.
 */
final class GroupCommitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
    private static final int MAX_BATCH = 1024;

    /** One write: runs on the writer's connection inside the batch transaction. */
    @FunctionalInterface
    interface Write<T> {
        T apply(Sql sql) throws SQLException;
    }

    /** Sets a statement's parameters. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /**
     * Another way to apply a write whose first statement can travel with its neighbours' in one
     * round trip. Why: on a networked engine each statement of the single writer is a round trip,
     * and a step's write is one statement. Consecutive writes of a batch that lead with the same
     * {@code statement} send it as one JDBC batch, in their queue order; each must have changed
     * exactly one row, and then {@code rest} finishes the write and gives its value. When one
     * changed none (a refusal the write's own path explains), the batch runs again without leads.
     * {@code whole}: the statement is all the write changes ({@code rest} only gives its value), so
     * alone in its batch it may commit by itself ({@link #committedAlone}).
     */
    record Lead<T>(String statement, Binder binder, Write<T> rest, boolean whole) {
        <R> Lead<R> then(java.util.function.Function<Write<T>, Write<R>> wrap) {
            return new Lead<>(statement, binder, wrap.apply(rest), whole);
        }
    }

    /**
     * How a batch's writes are kept apart. A savepoint costs two statements per write, which a
     * networked engine pays as two round trips; writes almost never fail, so a batch first runs
     * without them ({@link #OPTIMISTIC}) and only goes again with them ({@link #GUARDED}) when one did.
     */
    private enum Isolation {
        /** The batch's one write: the transaction is its savepoint (rolled back whole if it fails). */
        ALONE,
        /** No savepoints: a write that fails aborts the attempt, and the batch runs again guarded. */
        OPTIMISTIC,
        /** A savepoint per write: a write that fails is undone alone, and the others commit. */
        GUARDED
    }

    /** A lead statement changed no row: roll back, and run the batch again with each write whole. */
    private static final class LeadMissed extends RuntimeException {
        LeadMissed() {
            super(null, null, false, false);
        }
    }

    /** A write failed in an optimistic batch: roll back, and run the batch again with savepoints. */
    private static final class GuardNeeded extends RuntimeException {
        GuardNeeded() {
            super(null, null, false, false);
        }
    }

    private record Pending<T>(Write<T> write, Lead<T> lead, CompletableFuture<T> future) {
        Pending(Write<T> write, CompletableFuture<T> future) {
            this(write, null, future);
        }

        /** After its lead statement ran: the rest of the write, as {@link #run} applies a whole one. */
        boolean runRest(Sql sql, List<Runnable> completions, Isolation isolation) throws SQLException {
            return new Pending<>(lead.rest(), future).run(sql, completions, isolation);
        }

        /** Applies the write as {@code isolation} says; returns false when the store itself could not write it. */
        boolean run(Sql sql, List<Runnable> completions, Isolation isolation) throws SQLException {
            boolean guarded = isolation == Isolation.GUARDED;
            if (guarded) {
                sql.prepare("SAVEPOINT sp_write").execute();
            }
            try {
                T value = write.apply(sql);
                if (guarded) {
                    sql.prepare("RELEASE sp_write").execute();
                }
                completions.add(() -> future.complete(value));
                return true;
            } catch (Throwable refused) {
                if (refused instanceof SQLException e && isConflict(e)) {
                    throw new BatchConflict(e); // the batch as a whole must go again (see commit)
                }
                if (isolation == Isolation.OPTIMISTIC) {
                    throw new GuardNeeded();
                }
                boolean storeFailed = refused instanceof SQLException e && StoreFailures.isResourceFailure(e);
                try {
                    if (!guarded) {
                        sql.connection().rollback();
                    } else {
                        sql.prepare("ROLLBACK TO sp_write").execute();
                        sql.prepare("RELEASE sp_write").execute();
                    }
                } catch (SQLException rollbackFailed) {
                    if (storeFailed) {
                        // SQLite rolls the whole transaction back by itself on a full disk or an I/O error
                        throw new BatchLost((SQLException) refused);
                    }
                    throw rollbackFailed; // the transaction's state is unknown: the writer stops (see loop)
                }
                Throwable failure = storeFailed ? StoreUnavailableException.commitFailed(refused)
                        : refused instanceof RuntimeException ? refused
                        : new IllegalStateException("the write failed and wrote nothing: " + refused, refused);
                if (!(refused instanceof dev.mainstay.protocol.MainstayException)) {
                    log.warn("event=write_failed error={}", refused.toString());
                }
                completions.add(() -> future.completeExceptionally(failure));
                return !storeFailed;
            }
        }
    }

    /**
     * Another node's transaction and this batch locked rows in opposite orders (deadlock, 40P01), or a
     * serializable engine refused the transaction (40001): rolled back whole and run again. Retrying
     * the one write would not do: the batch still holds the locks the other transaction waits for.
     */
    private static final class BatchConflict extends RuntimeException {
        BatchConflict(SQLException cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    static boolean isConflict(SQLException e) {
        return "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
    }

    /** How often a batch in conflict with another node's transaction goes again before its writes fail. */
    private static final int CONFLICT_RETRIES = 5;

    /** The store itself rolled the batch back (full disk, I/O error): every write of it failed. */
    private static final class BatchLost extends RuntimeException {
        BatchLost(SQLException cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    private static final Pending<Void> STOP = new Pending<>(sql -> null, new CompletableFuture<>());

    private final Sql sql;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final int maxQueued;
    /** Whether a lone write that is one statement commits in autocommit (see {@link #committedAlone}). */
    private final boolean commitsLeadsAlone;
    private final Thread writer;
    private volatile boolean closed;
    private volatile Throwable fatal;
    private volatile String lastCommitFailure;
    /** When the batch in progress began (nanoTime), or 0 while the writer waits for work. */
    private volatile long batchBegunNanos;
    private volatile CommitObserver observer = (size, nanos) -> {};
    private volatile Consumer<Throwable> fatalHandler = cause -> {};

    GroupCommitter(Sql sql, String name, int maxQueued) throws SQLException {
        if (maxQueued < 1) {
            throw new IllegalArgumentException("maxQueued was " + maxQueued + "; it must be at least 1");
        }
        this.sql = sql;
        this.maxQueued = maxQueued;
        this.commitsLeadsAlone = sql.dialect().statementsAreRoundTrips();
        sql.connection().setAutoCommit(false);
        this.writer = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
    }

    void observer(CommitObserver observer) {
        this.observer = observer;
    }

    /** Told once, on a thread of its own, when the writer cannot go on. */
    void onFatal(Consumer<Throwable> handler) {
        this.fatalHandler = handler;
    }

    /** A batch that takes longer than this makes the store not ready (a hung disk, a write that blocks). */
    static final long STALLED_MS = 10_000;

    /** Why the store cannot commit right now, if it cannot. */
    Optional<String> problem() {
        Throwable cause = fatal;
        if (cause != null) {
            return Optional.of("the store writer failed: " + cause);
        }
        long begun = batchBegunNanos;
        long busyMs = begun == 0 ? 0 : (System.nanoTime() - begun) / 1_000_000;
        if (busyMs > STALLED_MS) {
            return Optional.of("the store writer has been committing one batch for " + busyMs + " ms (" + queued.get()
                    + " writes queued behind it); the disk may be hung");
        }
        return Optional.ofNullable(lastCommitFailure).map(failure -> "the last commit failed: " + failure);
    }

    /** Queues a write of the runtime itself: never refused for a full queue. */
    <T> CompletableFuture<T> submit(Write<T> write) {
        return enqueue(write, null, false);
    }

    /** As {@link #submit(Write)}, with another way to apply it that shares a round trip (see {@link Lead}). */
    <T> CompletableFuture<T> submit(Write<T> write, Lead<T> lead) {
        return enqueue(write, lead, false);
    }

    /** Queues a write a client asked for: refused with {@link StoreUnavailableException} when the queue is full. */
    <T> CompletableFuture<T> offer(Write<T> write) {
        return enqueue(write, null, true);
    }

    private <T> CompletableFuture<T> enqueue(Write<T> write, Lead<T> lead, boolean refuseWhenFull) {
        CompletableFuture<T> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(StoreUnavailableException.closed());
            return future;
        }
        if (fatal != null) {
            future.completeExceptionally(StoreUnavailableException.writerFailed(fatal));
            return future;
        }
        int depth = queued.incrementAndGet();
        if (refuseWhenFull && depth > maxQueued) {
            queued.decrementAndGet();
            future.completeExceptionally(StoreUnavailableException.queueFull(depth - 1, maxQueued));
            return future;
        }
        queue.add(new Pending<>(write, lead, future));
        if (fatal != null) {
            failQueued(StoreUnavailableException.writerFailed(fatal)); // the writer stopped while this was added
        }
        return future;
    }

    private void loop() {
        List<Pending<?>> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                queued.addAndGet(-batch.size());
                boolean stop = batch.remove(STOP);
                if (!batch.isEmpty()) {
                    batchBegunNanos = System.nanoTime();
                    commit(batch);
                    batchBegunNanos = 0;
                }
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            stopForGood(e, batch);
        }
    }

    private void commit(List<Pending<?>> batch) throws SQLException {
        List<Runnable> completions = new ArrayList<>(batch.size());
        long begun = System.nanoTime();
        String storeFailure = null;
        try {
            if (batch.size() == 1 && commitsLeadsAlone && committedAlone(batch.get(0), completions)) {
                completed(batch, completions, begun);
                return;
            }
            Isolation isolation = batch.size() == 1 ? Isolation.ALONE : Isolation.OPTIMISTIC;
            boolean leads = isolation == Isolation.OPTIMISTIC;
            for (int attempt = 1; ; attempt++) {
                try {
                    if (!apply(batch, completions, isolation, leads)) {
                        storeFailure = "a write could not be stored (a full disk or an I/O error: see the log)";
                    }
                    sql.connection().commit();
                    break;
                } catch (LeadMissed e) {
                    restartTransaction();
                    completions.clear();
                    storeFailure = null;
                    leads = false;
                    attempt--; // not a conflict: this does not count against the retries
                } catch (GuardNeeded e) {
                    restartTransaction(); // nothing of the attempt stays; SQLite may have rolled it back itself
                    completions.clear();
                    storeFailure = null;
                    isolation = Isolation.GUARDED;
                    leads = false;
                    attempt--; // not a conflict: this does not count against the retries
                } catch (BatchConflict | SQLException e) {
                    SQLException cause = e instanceof BatchConflict conflict ? (SQLException) conflict.getCause() : (SQLException) e;
                    if (!isConflict(cause) || attempt == CONFLICT_RETRIES) {
                        throw cause;
                    }
                    log.info("event=batch_conflict size={} attempt={} error={}", batch.size(), attempt, cause.toString());
                    sql.connection().rollback();
                    completions.clear();
                    storeFailure = null;
                    pause(attempt);
                }
            }
        } catch (BatchLost | SQLException e) {
            Throwable cause = e instanceof BatchLost lost ? lost.getCause() : e;
            lastCommitFailure = cause.toString();
            log.error("event=commit_failed size={} error={}", batch.size(), cause.toString());
            restartTransaction();
            StoreUnavailableException failed = StoreUnavailableException.commitFailed(cause);
            batch.forEach(pending -> pending.future().completeExceptionally(failed));
            return;
        }
        lastCommitFailure = storeFailure;
        completed(batch, completions, begun);
    }

    /** The batch committed: tell the observer, then complete its writes' futures. */
    private void completed(List<Pending<?>> batch, List<Runnable> completions, long begun) {
        try {
            observer.committed(batch.size(), System.nanoTime() - begun);
        } catch (RuntimeException e) {
            log.warn("event=commit_observer_failed error={}", e.toString());
        }
        for (Runnable completion : completions) {
            try {
                completion.run();
            } catch (RuntimeException e) {
                log.warn("event=commit_callback_failed error={}", e.toString());
            }
        }
    }

    /**
     * A write alone in its batch whose lead statement is all it changes, where each statement is a
     * round trip: the statement runs in autocommit, so it and its commit take one round trip, not
     * two (BEGIN travels with the statement; COMMIT would be another). False when it changed no row
     * (a refusal its whole write explains) or the database refused it: nothing was written then,
     * and the batch runs as any other. A lost connection is a failed commit (its outcome unknown).
     */
    private boolean committedAlone(Pending<?> pending, List<Runnable> completions) throws SQLException {
        Lead<?> lead = pending.lead();
        if (lead == null || !lead.whole()) {
            return false;
        }
        int count;
        sql.connection().setAutoCommit(true); // no transaction is open between batches: nothing is sent
        try {
            PreparedStatement statement = sql.prepare(lead.statement());
            lead.binder().bind(statement);
            count = statement.executeUpdate();
        } catch (SQLException e) {
            if (e.getSQLState() == null || e.getSQLState().startsWith("08")) {
                throw e;
            }
            return false;
        } finally {
            sql.connection().setAutoCommit(false);
        }
        if (count != 1) {
            return false;
        }
        lastCommitFailure = null;
        pending.runRest(sql, completions, Isolation.ALONE);
        return true;
    }

    /**
     * Applies the batch's writes in queue order; with {@code leads}, each run of two or more
     * consecutive writes that lead with the same statement sends those statements in one round
     * trip first. False when a write could not be stored.
     */
    private boolean apply(List<Pending<?>> batch, List<Runnable> completions, Isolation isolation, boolean leads)
            throws SQLException {
        boolean stored = true;
        for (int i = 0; i < batch.size(); ) {
            int end = leads ? leadRunEnd(batch, i) : i + 1;
            if (end - i > 1) {
                sendLeads(batch.subList(i, end));
                for (Pending<?> pending : batch.subList(i, end)) {
                    stored &= pending.runRest(sql, completions, isolation);
                }
            } else {
                stored &= batch.get(i).run(sql, completions, isolation);
            }
            i = end;
        }
        return stored;
    }

    /** The end (exclusive) of the run of writes from {@code from} that lead with one statement. */
    private static int leadRunEnd(List<Pending<?>> batch, int from) {
        Lead<?> first = batch.get(from).lead();
        int end = from + 1;
        if (first != null) {
            while (end < batch.size() && batch.get(end).lead() != null
                    && batch.get(end).lead().statement().equals(first.statement())) {
                end++;
            }
        }
        return end;
    }

    private void sendLeads(List<Pending<?>> writes) throws SQLException {
        PreparedStatement statement = sql.prepare(writes.get(0).lead().statement());
        int[] counts;
        try {
            for (Pending<?> pending : writes) {
                pending.lead().binder().bind(statement);
                statement.addBatch();
            }
            counts = statement.executeBatch();
        } catch (SQLException e) {
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            if (isConflict(cause) || isConflict(e)) {
                throw new BatchConflict(isConflict(e) ? e : cause);
            }
            throw new GuardNeeded(); // which write failed is found out with each write whole and guarded
        } finally {
            statement.clearBatch();
        }
        for (int count : counts) {
            if (count != 1) {
                throw new LeadMissed();
            }
        }
    }

    /** A short random pause before a batch goes again, so that two nodes in conflict do not meet again at once. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 5L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Rolls back what is left of the transaction and opens the next one. SQLite may have rolled it
     * back already (then the driver's rollback fails and no transaction is open): begin one, or the
     * next batch would run in autocommit, each savepoint release committing on its own.
     */
    private void restartTransaction() throws SQLException {
        try {
            sql.connection().rollback(); // the driver begins the next transaction
        } catch (SQLException noTransaction) {
            try (var statement = sql.connection().createStatement()) {
                statement.execute("BEGIN"); // throws when the connection is beyond repair: the writer stops
            }
        }
    }

    /** The writer cannot go on: fail what waits, refuse what comes, tell the fatal handler. */
    private void stopForGood(Throwable cause, List<Pending<?>> batch) {
        fatal = cause;
        log.error("event=store_writer_failed error={}; every write fails from now on and the runtime must restart",
                cause.toString(), cause);
        try {
            sql.connection().rollback();
        } catch (Throwable e) {
            log.warn("event=rollback_failed error={}", e.toString());
        }
        StoreUnavailableException failed = StoreUnavailableException.writerFailed(cause);
        batch.forEach(pending -> pending.future().completeExceptionally(failed));
        failQueued(failed);
        Consumer<Throwable> handler = fatalHandler;
        Thread.ofPlatform().name("mainstay-store-fatal").start(() -> handler.accept(cause));
    }

    private void failQueued(StoreUnavailableException failure) {
        for (Pending<?> left; (left = queue.poll()) != null; ) {
            queued.decrementAndGet();
            left.future().completeExceptionally(failure);
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
        failQueued(StoreUnavailableException.closed());
        try {
            sql.close();
        } catch (SQLException e) {
            log.warn("event=close_failed error={}", e.toString());
        }
    }
}
