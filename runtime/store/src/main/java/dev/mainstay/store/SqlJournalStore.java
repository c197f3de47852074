package dev.mainstay.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A {@link JournalStore} on a SQL database, whatever the engine: the SQLite file by default
 * ({@link SqliteJournalStore}) or PostgreSQL ({@link PostgresJournalStore}). Both run the same SQL,
 * so the semantics the contract suite encodes hold alike; what differs is how a store is opened
 * and how big it is on disk.
 *
 * <p>This class only routes: each write goes to the writer ({@link GroupCommitter#offer} for what a
 * client asks, {@link GroupCommitter#submit} for the runtime's own), each read to the pool, and the
 * SQL lives by concern in {@link RunWrites}, {@link JournalWrites}, {@link TimerWrites},
 * {@link ScheduleRows}, {@link Inbox}, {@link Lineage} and {@link RunQueries}.
 */
public abstract class SqlJournalStore implements JournalStore {
    private final GroupCommitter writer;
    private final HikariDataSource readers;
    private final Clock clock;
    private final StoreLimits limits;
    private final JournalWrites journal;
    private final Dialect dialect;
    private final java.util.function.Function<NodeIdentity, Signals> signalsOfNode;
    private volatile Consumer<LineageEffects> lineageListener = effects -> {};
    /** The node this store's claims belong to, once joined. */
    private volatile NodeIdentity node;
    private volatile Signals signals = Signals.LOCAL;

    /** The time source of the times the store writes itself (updated_at, finished_at, …): the runtime's clock. */
    @FunctionalInterface
    public interface Clock {
        long millis();
    }

    SqlJournalStore(GroupCommitter writer, HikariDataSource readers, Clock clock, StoreLimits limits, Dialect dialect,
                    java.util.function.Function<NodeIdentity, Signals> signalsOfNode) {
        this.dialect = dialect;
        this.signalsOfNode = signalsOfNode;
        this.writer = writer;
        this.readers = readers;
        this.clock = clock;
        this.limits = limits;
        this.journal = new JournalWrites(limits);
    }

    // ---- runs ----

    @Override
    public CompletableFuture<StartResult> start(NewRun run) {
        return writer.offer(sql -> RunWrites.start(sql, run));
    }

    @Override
    public CompletableFuture<ClaimedStart> startAndClaim(NewRun run, String workerId, String buildId) {
        GroupCommitter.Write<Optional<Claim>> claim = claimWrite(run.id(), workerId, buildId);
        return writer.offer(sql -> {
            StartResult started = RunWrites.start(sql, run);
            if (!started.created() || started.run().status() != RunStatus.PENDING) {
                return ClaimedStart.unclaimed(started);
            }
            try {
                return new ClaimedStart(started, claim.apply(sql), null);
            } catch (ConcurrencyLimitReachedException | RateLimitReachedException | WrongBuildException refused) {
                // the claim refuses before it changes the run (at most it pruned expired rate slots): the start stands
                return new ClaimedStart(started, Optional.empty(), refused);
            }
        });
    }

    @Override
    public CompletableFuture<StartResult> startDebounced(NewRun run, Debounce debounce) {
        if (run.idempotencyKey() != null) {
            throw new IllegalArgumentException("a debounced start takes no idempotency key");
        }
        return writer.offer(sql -> DebounceRows.start(sql, run, debounce));
    }

    @Override
    public CompletableFuture<StartResult> restart(String originalId, int fromPosition, NewRun run) {
        return writer.offer(sql -> RestartRows.restart(sql, originalId, fromPosition, run));
    }

    @Override
    public int rateSlots(String component) {
        return read(sql -> RateRows.slots(sql, component));
    }

    @Override
    public Optional<String> restartedFrom(String runId) {
        return read(sql -> RestartRows.restartedFrom(sql, runId));
    }

    @Override
    public List<RunAttribute> attributes(String runId) {
        return read(sql -> AttributeRows.of(sql, runId));
    }

    @Override
    public java.util.Map<String, List<RunAttribute>> attributes(Collection<String> runIds) {
        java.util.Map<String, List<RunAttribute>> byRun = new java.util.HashMap<>();
        for (var pair : readInPages(runIds, page -> read(sql -> AttributeRows.ofRuns(sql, page)))) {
            byRun.computeIfAbsent(pair.getKey(), id -> new java.util.ArrayList<>()).add(pair.getValue());
        }
        return byRun;
    }

    @Override
    public List<String> restarts(String runId) {
        return read(sql -> RestartRows.restarts(sql, runId));
    }

    @Override
    public int lastPosition(String runId) {
        return read(sql -> RestartRows.lastPosition(sql, runId));
    }

    @Override
    public CompletableFuture<StartResult> startInSession(NewRun run, String agent, String sessionId, String expectedLastRunId) {
        return writer.offer(sql -> RunWrites.startInSession(sql, run, agent, sessionId, expectedLastRunId));
    }

    @Override
    public CompletableFuture<Optional<Claim>> claim(String runId, String workerId, String buildId) {
        return writer.submit(claimWrite(runId, workerId, buildId));
    }

    /** The claim as a write, for this node as it is when the write is made. */
    private GroupCommitter.Write<Optional<Claim>> claimWrite(String runId, String workerId, String buildId) {
        NodeIdentity claimant = node;
        return sql -> RunWrites.claim(sql, runId, workerId, buildId, claimant == null ? null : claimant.id(), clock.millis());
    }

    // ---- builds ----

    @Override
    public CompletableFuture<Void> registerBuild(Collection<String> components, String buildId) {
        return writer.submit(sql -> {
            Builds.register(sql, components, buildId, clock.millis());
            return null;
        });
    }

    @Override
    public List<BuildRecord> builds(String component) {
        return read(sql -> Builds.list(sql, component));
    }

    @Override
    public Optional<String> runBuild(String runId) {
        return read(sql -> Builds.pinned(sql, runId));
    }

    @Override
    public Optional<String> neededBuild(String runId) {
        return read(sql -> Builds.needed(sql, runId));
    }

    @Override
    public CompletableFuture<Boolean> promoteBuild(String component, String buildId) {
        return writer.submit(sql -> Builds.promote(sql, component, buildId, clock.millis()));
    }

    @Override
    public CompletableFuture<Optional<String>> rollbackBuild(String component) {
        return writer.submit(sql -> Builds.rollback(sql, component, clock.millis()));
    }

    @Override
    public CompletableFuture<Boolean> release(String runId, long epoch) {
        return writer.submit(sql -> RunWrites.release(sql, runId, epoch, clock.millis()));
    }

    @Override
    public CompletableFuture<Boolean> releaseUntil(String runId, long epoch, long wakeAtMs) {
        return writer.submit(sql -> RunWrites.releaseUntil(sql, runId, epoch, wakeAtMs, clock.millis()));
    }

    @Override
    public CompletableFuture<RunRecord> finish(String runId, long epoch, byte[] output, Failure failure) {
        if ((output == null) == (failure == null)) {
            throw new IllegalArgumentException("a run finishes with exactly one of output and failure");
        }
        return withLineage((sql, effects) -> RunWrites.finish(sql, runId, epoch, output, failure, clock.millis(), effects),
                false);
    }

    @Override
    public CompletableFuture<Cancellation> cancel(String runId, String by, long nowMs) {
        return withLineage((sql, effects) -> RunWrites.cancel(sql, runId, by, nowMs, effects), true);
    }

    // ---- the holder's journal ----

    @Override
    public CompletableFuture<RunRecord> startChild(String parentId, long epoch, JournalEntry entry, NewRun child,
                                                   boolean detached) {
        return journalWrite(parentId, sql -> {
            journal.insertEntry(sql, parentId, epoch, entry);
            // a child is dispatched with its parent's priority, as the parent's own steps are
            RunWrites.insertRun(sql, child.withPriority(RunWrites.priority(sql, parentId)), parentId,
                    detached ? "DETACHED" : "REQUIRED");
            return Rows.run(sql, child.id()).orElseThrow();
        });
    }

    @Override
    public CompletableFuture<Void> append(String runId, long epoch, JournalEntry entry) {
        return journalWrite(runId, sql -> {
            journal.insertEntry(sql, runId, epoch, entry);
            return null;
        }, false, journal.appendLead(dialect, runId, epoch, entry));
    }

    @Override
    public CompletableFuture<Void> appendAndSuspend(String runId, long epoch, JournalEntry entry, long wakeAtMs) {
        return journalWrite(runId, sql -> {
            journal.insertEntry(sql, runId, epoch, entry);
            JournalWrites.suspendUntil(sql, runId, wakeAtMs, clock.millis());
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> recordAttempt(String runId, long epoch, Attempt attempt, boolean suspend) {
        if (suspend && attempt.retryAtMs() == null) {
            throw new IllegalArgumentException("a suspending attempt needs a retry time");
        }
        return journalWrite(runId, sql -> {
            journal.recordAttempt(sql, runId, epoch, attempt, suspend, clock.millis());
            return null;
        });
    }

    @Override
    public CompletableFuture<EventWait> awaitEvent(String runId, long epoch, int position, String name, long timeoutMs,
                                                   long nowMs) {
        // it may consume an event before the entry's bound is checked: that must roll back with it
        return journalWrite(runId, sql -> journal.awaitEvent(sql, runId, epoch, position, name, timeoutMs, nowMs), true);
    }

    @Override
    public CompletableFuture<Boolean> timeoutStep(String runId, long epoch, Attempt attempt, boolean finalAttempt) {
        return journalWrite(runId, sql -> journal.timeoutStep(sql, runId, epoch, attempt, finalAttempt, clock.millis()));
    }

    @Override
    public List<Attempt> attempts(String runId) {
        return read(sql -> Rows.attempts(sql, runId));
    }

    // ---- pause and resume ----

    @Override
    public CompletableFuture<RunRecord> pause(String runId, String by) {
        return writer.offer(sql -> PauseRows.pause(sql, runId, by, clock.millis()));
    }

    @Override
    public CompletableFuture<RunRecord> resume(String runId) {
        return writer.offer(sql -> PauseRows.resume(sql, runId, clock.millis()));
    }

    @Override
    public CompletableFuture<Boolean> pauseComponent(String name, String by) {
        return writer.offer(sql -> PauseRows.pauseComponent(sql, name, by, clock.millis()));
    }

    @Override
    public CompletableFuture<Boolean> resumeComponent(String name) {
        return writer.offer(sql -> PauseRows.resumeComponent(sql, name));
    }

    @Override
    public Optional<Pause> componentPause(String name) {
        return read(sql -> PauseRows.componentPause(sql, name));
    }

    // ---- events ----

    @Override
    public CompletableFuture<Delivery> deliverEvent(String runId, String name, String eventId, byte[] payload, String sentBy,
                                                    long nowMs) {
        return writer.offer(sql -> {
            RunRecord run = Rows.lockedRun(sql, runId).orElseThrow(() -> new EventRefusedException(runId, "no run has this id"));
            if (run.status().isFinal()) {
                throw new EventRefusedException(runId, "the run already finished as " + run.status());
            }
            Inbox.Delivered delivered = Inbox.deliver(sql, runId, name, eventId, payload, sentBy, nowMs,
                    limits.maxInboxEvents());
            return new Delivery(eventId, delivered.duplicate(), delivered.woke(), run.component());
        });
    }

    @Override
    public java.util.Map<Integer, String> eventSenders(String runId, int fromPosition, int toPosition) {
        return read(sql -> Inbox.senders(sql, runId, fromPosition, toPosition));
    }

    // ---- timers ----

    @Override
    public CompletableFuture<List<RunRecord>> wakeDue(long nowMs, int limit) {
        return writer.submit(sql -> TimerWrites.wakeDue(sql, nowMs, limit));
    }

    @Override
    public CompletableFuture<List<RunRecord>> expireDue(long nowMs, int limit) {
        return withLineage((sql, effects) -> TimerWrites.expireDue(sql, nowMs, limit, effects), false);
    }

    @Override
    public OptionalLong nextWakeAt() {
        return read(TimerWrites::next);
    }

    @Override
    public OptionalLong nextRunTimer() {
        return read(TimerWrites::nextRunTimer);
    }

    @Override
    public boolean anyRunnable() {
        return read(TimerWrites::anyRunnable);
    }

    // ---- schedules ----

    @Override
    public CompletableFuture<Void> putSchedule(ScheduleRecord schedule) {
        return writer.offer(sql -> {
            ScheduleRows.put(sql, schedule, limits.maxSchedules(), clock.millis());
            return null;
        });
    }

    @Override
    public CompletableFuture<Boolean> deleteSchedule(String id) {
        return writer.offer(sql -> ScheduleRows.delete(sql, id));
    }

    @Override
    public Optional<ScheduleRecord> schedule(String id) {
        return read(sql -> ScheduleRows.find(sql, id));
    }

    @Override
    public List<ScheduleRecord> schedules() {
        return read(ScheduleRows::all);
    }

    @Override
    public List<ScheduleRecord> dueSchedules(long nowMs, int limit) {
        return read(sql -> ScheduleRows.due(sql, nowMs, limit));
    }

    @Override
    public CompletableFuture<Boolean> advanceSchedule(String id, long expectedNextFireAtMs, long nextFireAtMs,
                                                      Long firedAtMs) {
        return writer.submit(sql -> ScheduleRows.advance(sql, id, expectedNextFireAtMs, nextFireAtMs, firedAtMs,
                clock.millis()));
    }

    // ---- components ----

    @Override
    public CompletableFuture<Void> registerComponents(Collection<ComponentRecord> components) {
        return writer.submit(sql -> {
            long now = clock.millis();
            PreparedStatement ps = sql.prepare("""
                    INSERT INTO components (name, kind, input_schema, first_seen_at, last_seen_at, run_timeout_ms,
                                            max_concurrency, concurrency_key, upgrade, rate_limit, rate_window_ms,
                                            rate_key, queue)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, input_schema = excluded.input_schema,
                                                     last_seen_at = excluded.last_seen_at,
                                                     run_timeout_ms = excluded.run_timeout_ms,
                                                     max_concurrency = excluded.max_concurrency,
                                                     concurrency_key = excluded.concurrency_key,
                                                     upgrade = excluded.upgrade,
                                                     rate_limit = excluded.rate_limit,
                                                     rate_window_ms = excluded.rate_window_ms,
                                                     rate_key = excluded.rate_key,
                                                     queue = excluded.queue""");
            for (ComponentRecord component : components) {
                ps.setString(1, component.name());
                ps.setString(2, component.kind().name());
                ps.setString(3, component.inputSchema());
                ps.setLong(4, now);
                ps.setLong(5, now);
                ps.setObject(6, component.runTimeoutMs());
                ps.setObject(7, component.maxConcurrency());
                ps.setString(8, component.concurrencyKey());
                ps.setString(9, component.upgrade().name());
                ps.setObject(10, component.rateLimit() == null ? null : component.rateLimit().count());
                ps.setObject(11, component.rateLimit() == null ? null : component.rateLimit().windowMs());
                ps.setString(12, component.rateKey());
                ps.setString(13, component.queue());
                ps.addBatch();
            }
            ps.executeBatch();
            return null;
        });
    }

    @Override
    public Optional<ComponentRecord> component(String name) {
        return read(sql -> Rows.component(sql, name));
    }

    // ---- the nodes of one runtime ----

    @Override
    public CompletableFuture<List<RunRecord>> joinCluster(NodeIdentity node, long leaseMs) {
        this.node = node;
        this.signals = signalsOfNode.apply(node);
        boolean alone = dialect == Dialect.SQLITE;
        return writer.submit(sql -> Nodes.join(sql, node, leaseMs, alone, clock.millis()));
    }

    @Override
    public CompletableFuture<NodeLease> renewLease(long leaseMs, String workers) {
        NodeIdentity joined = joined();
        return writer.submit(sql -> Nodes.renew(sql, joined, leaseMs, workers));
    }

    @Override
    public java.util.Map<String, String> otherNodesWorkers() {
        NodeIdentity joined = node;
        return joined == null ? java.util.Map.of() : read(sql -> Nodes.otherNodesWorkers(sql, joined.id()));
    }

    @Override
    public CompletableFuture<List<RunRecord>> takeOverDeadNodes() {
        return writer.submit(sql -> Nodes.takeOverDead(sql, clock.millis()));
    }

    @Override
    public CompletableFuture<List<RunRecord>> leaveCluster() {
        NodeIdentity joined = joined();
        return writer.submit(sql -> Nodes.leave(sql, joined, clock.millis()));
    }

    private NodeIdentity joined() {
        NodeIdentity joined = node;
        if (joined == null) {
            throw new IllegalStateException("the store has not joined a runtime yet (joinCluster)");
        }
        return joined;
    }




    @Override
    public List<ReadyRun> pendingRuns(Collection<String> components, int limit) {
        return components.isEmpty() || limit < 1 ? List.of() : read(sql -> RunQueries.pending(sql, components, null, limit));
    }

    @Override
    public List<ReadyRun> pendingRuns(Collection<String> components, Collection<String> builds, int limit) {
        return components.isEmpty() || limit < 1 ? List.of()
                : read(sql -> RunQueries.pending(sql, components, builds.isEmpty() ? null : builds, limit));
    }

    @Override
    public java.util.Set<String> cancelRequested(Collection<String> runIds) {
        return new java.util.HashSet<>(readInPages(runIds, page -> read(sql -> RunQueries.cancelRequested(sql, page))));
    }

    @Override
    public java.util.Set<String> pauseRequested(Collection<String> runIds) {
        return new java.util.HashSet<>(readInPages(runIds, page -> read(sql -> PauseRows.pausedRunning(sql, page))));
    }

    @Override
    public java.util.Map<String, Integer> pendingCounts() {
        return read(RunQueries::pendingCounts);
    }

    @Override
    public Signals signals() {
        return signals;
    }

    // ---- tokens ----

    @Override
    public CompletableFuture<Boolean> createToken(TokenRecord token, int maxLive) {
        // tokens live by the wall clock, also under a test clock that skips ahead (they are judged so in Tokens)
        return writer.offer(sql -> TokenRows.create(sql, token, maxLive, System.currentTimeMillis()));
    }

    @Override
    public CompletableFuture<Boolean> putWebhook(WebhookRecord webhook, int max) {
        return writer.offer(sql -> WebhookRows.put(sql, webhook, max));
    }

    @Override
    public CompletableFuture<Boolean> deleteWebhook(String name) {
        return writer.offer(sql -> WebhookRows.delete(sql, name));
    }

    @Override
    public CompletableFuture<Integer> deleteFinishedRuns(Long defaultKeepMs, long nowMs, int limit) {
        return writer.offer(sql -> RetentionRows.deleteFinished(sql, defaultKeepMs, nowMs, limit));
    }

    @Override
    public CompletableFuture<Boolean> setRetention(String component, Long keepMs) {
        return writer.offer(sql -> RetentionRows.setRetention(sql, component, keepMs));
    }

    @Override
    public Optional<Long> retention(String component) {
        return read(sql -> RetentionRows.retention(sql, component));
    }

    @Override
    public Optional<Long> shortestRetention() {
        return read(sql -> Optional.ofNullable(RetentionRows.shortestOwnRetention(sql)));
    }

    @Override
    public Optional<WebhookRecord> webhook(String name) {
        return read(sql -> WebhookRows.byName(sql, name));
    }

    @Override
    public List<WebhookRecord> webhooks() {
        return read(WebhookRows::all);
    }

    @Override
    public CompletableFuture<Optional<TokenRecord>> revokeToken(String id, long nowMs) {
        return writer.offer(sql -> TokenRows.revoke(sql, id, nowMs));
    }

    @Override
    public Optional<TokenRecord> tokenByHash(String secretHash) {
        return read(sql -> TokenRows.byHash(sql, secretHash));
    }

    @Override
    public List<TokenRecord> tokens(Collection<String> ids) {
        return readInPages(ids, page -> read(sql -> TokenRows.byIds(sql, page)));
    }

    @Override
    public List<TokenRecord> tokens() {
        return read(TokenRows::all);
    }

    // ---- reads ----

    @Override
    public Optional<RunRecord> run(String runId) {
        return read(sql -> Rows.run(sql, runId));
    }

    @Override
    public Optional<JournalEntry> lastEntry(String runId) {
        return read(sql -> Rows.lastEntry(sql, runId));
    }

    @Override
    public List<JournalEntry> journal(String runId) {
        return read(sql -> Rows.journal(sql, runId));
    }

    @Override
    public JournalPage journalPage(String runId, int afterPosition, int maxEntries, long maxBytes) {
        return read(sql -> Rows.journalPage(sql, runId, afterPosition, maxEntries, maxBytes));
    }

    @Override
    public RunPage runs(RunQuery query) {
        return read(sql -> RunQueries.runs(sql, query));
    }

    @Override
    public List<RunRecord> liveRuns() {
        return read(RunQueries::liveRuns);
    }

    @Override
    public Optional<AgentSession> agentSession(String agent, String sessionId) {
        return read(sql -> RunQueries.agentSession(sql, agent, sessionId));
    }

    @Override
    public Optional<String> traceParent(String runId) {
        return read(sql -> RunQueries.traceParent(sql, runId));
    }

    @Override
    public RunStats stats(long sinceMs, String componentPrefix) {
        return read(sql -> RunQueries.stats(sql, sinceMs, componentPrefix));
    }

    // ---- health and plumbing ----

    @Override
    public Optional<String> problem() {
        return writer.problem();
    }

    @Override
    public void onFatal(Consumer<Throwable> handler) {
        writer.onFatal(handler);
    }

    @Override
    public void onCommit(CommitObserver observer) {
        writer.observer(observer);
    }

    @Override
    public void onLineage(Consumer<LineageEffects> listener) {
        this.lineageListener = listener;
    }

    /** A write that may end runs: its effects on their relatives go to the lineage listener after commit. */
    private <T> CompletableFuture<T> withLineage(LineageWrite<T> write, boolean client) {
        GroupCommitter.Write<Effected<T>> withEffects = effected(write);
        return afterLineage(client ? writer.offer(withEffects) : writer.submit(withEffects));
    }

    private record Effected<T>(T value, LineageEffects effects) {}

    private static <T> GroupCommitter.Write<Effected<T>> effected(LineageWrite<T> write) {
        return sql -> {
            LineageEffects effects = LineageEffects.collecting();
            return new Effected<>(write.apply(sql, effects), effects);
        };
    }

    private <T> CompletableFuture<T> afterLineage(CompletableFuture<Effected<T>> written) {
        return written.thenApply(result -> {
            if (!result.effects().isEmpty()) {
                lineageListener.accept(result.effects());
            }
            return result.value();
        });
    }

    /**
     * A holder's write that adds journal rows. Past the run's bound (see {@link JournalBounds}) the
     * write is rolled back, the run fails with JOURNAL_TOO_LARGE in its place (committed, with its
     * relatives told), and the future fails with the refusal.
     */
    private <T> CompletableFuture<T> journalWrite(String runId, GroupCommitter.Write<T> write) {
        return journalWrite(runId, write, false);
    }

    /**
     * As {@link #journalWrite(String, GroupCommitter.Write)}; {@code changesBeforeBound} when the
     * write may change rows before the bound is checked (then a savepoint undoes them). Every other
     * journal write checks the bound before it changes anything, and saves the savepoint's round trips.
     */
    private <T> CompletableFuture<T> journalWrite(String runId, GroupCommitter.Write<T> write, boolean changesBeforeBound) {
        return journalWrite(runId, write, changesBeforeBound, null);
    }

    /** As above, with {@code lead} (may be null) as another way to apply it (see {@link GroupCommitter.Lead}). */
    private <T> CompletableFuture<T> journalWrite(String runId, GroupCommitter.Write<T> write, boolean changesBeforeBound,
                                                  GroupCommitter.Lead<T> lead) {
        java.util.function.Function<GroupCommitter.Write<T>, GroupCommitter.Write<Effected<Bounded<T>>>> wrap =
                whole -> effected(bounded(runId, whole, changesBeforeBound));
        return afterLineage(writer.submit(wrap.apply(write), lead == null ? null : lead.then(wrap))).thenApply(result -> {
            if (result.refusal() != null) {
                throw result.refusal();
            }
            return result.value();
        });
    }

    private record Bounded<T>(T value, JournalTooLargeException refusal) {}

    /** The write, or past the run's bound: the run failed in its place (see {@link #journalWrite}). */
    private <T> LineageWrite<Bounded<T>> bounded(String runId, GroupCommitter.Write<T> write, boolean changesBeforeBound) {
        return (sql, effects) -> {
            if (changesBeforeBound) {
                sql.prepare("SAVEPOINT sp_bounded").execute();
            }
            try {
                T value = write.apply(sql);
                if (changesBeforeBound) {
                    sql.prepare("RELEASE sp_bounded").execute();
                }
                return new Bounded<>(value, null);
            } catch (JournalBounds.Overflow overflow) {
                if (changesBeforeBound) {
                    sql.prepare("ROLLBACK TO sp_bounded").execute();
                    sql.prepare("RELEASE sp_bounded").execute();
                }
                long now = clock.millis();
                effects.failed().add(JournalBounds.fail(sql, runId, overflow.refusal, now));
                Lineage.ended(sql, runId, now, effects);
                return new Bounded<>(null, overflow.refusal);
            }
        };
    }

    @FunctionalInterface
    private interface LineageWrite<T> {
        T apply(Sql sql, LineageEffects effects) throws SQLException;
    }

    /** A read by id list, 500 ids at a time (bounded IN lists). */
    private static <T> List<T> readInPages(Collection<String> ids, java.util.function.Function<List<String>, Collection<T>> page) {
        List<T> found = new java.util.ArrayList<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += 500) {
            found.addAll(page.apply(all.subList(from, Math.min(all.size(), from + 500))));
        }
        return found;
    }

    /** A read on a pooled read-only connection. */
    <T> T read(GroupCommitter.Write<T> query) {
        try (Sql sql = new Sql(readers.getConnection(), dialect)) {
            return query.apply(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("store read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        signals.close();
        writer.close();
        readers.close();
    }
}
