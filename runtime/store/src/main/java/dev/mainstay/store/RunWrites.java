package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The writes that move a run through its states: start (alone or in an agent session), claim,
 * release, finish and cancel. Each runs on the writer inside a savepoint; see
 * {@code docs/architecture.md} for the state machine they implement.
 */
final class RunWrites {
    private RunWrites() {}

    /** Creates a run, or returns the one its idempotency key already started (same component and input). */
    static StartResult start(Sql sql, NewRun run) throws SQLException {
        if (run.idempotencyKey() != null) {
            Optional<RunRecord> existing = Rows.runByKey(sql, run.idempotencyKey());
            if (existing.isPresent()) {
                RunRecord known = existing.get();
                if (!known.component().equals(run.component()) || !Arrays.equals(known.input(), run.input())) {
                    throw new IdempotencyKeyReusedException(run.idempotencyKey(), known.id(), known.component());
                }
                return new StartResult(known, false);
            }
        }
        if (!insertRun(sql, run, null, null)) {
            if (run.idempotencyKey() == null) {
                throw new IllegalStateException("run id " + run.id() + " is taken");
            }
            // another node committed the same key between the read and the insert: that run is the answer
            return start(sql, run);
        }
        return new StartResult(new RunRecord(run.id(), run.component(), run.kind(), RunStatus.PENDING, run.input(),
                null, null, run.idempotencyKey(), 0, null, run.createdAtMs(), run.createdAtMs(), null, null, null, null,
                run.startedBy(), null, run.priority(), null, null, null), true);
    }

    /** See {@link JournalStore#startInSession}. */
    static StartResult startInSession(Sql sql, NewRun run, String agent, String sessionId, String expectedLastRunId)
            throws SQLException {
        if (run.idempotencyKey() != null) {
            Optional<RunRecord> existing = Rows.runByKey(sql, run.idempotencyKey());
            if (existing.isPresent() && existing.get().component().equals(run.component())) {
                return new StartResult(existing.get(), false);
            }
        }
        String current = sessionPointer(sql, agent, sessionId);
        if (!Objects.equals(current, expectedLastRunId)) {
            throw new SessionBusyException(agent, sessionId, "got run " + current
                    + " while this request was prepared; send it again");
        }
        StartResult result = start(sql, run);
        PreparedStatement ps = sql.prepare("""
                INSERT INTO agent_sessions (agent, session_id, last_run_id, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (agent, session_id) DO UPDATE SET last_run_id = excluded.last_run_id,
                                                              updated_at = excluded.updated_at""");
        ps.setString(1, agent);
        ps.setString(2, sessionId);
        ps.setString(3, run.id());
        ps.setLong(4, run.createdAtMs());
        ps.setLong(5, run.createdAtMs());
        ps.executeUpdate();
        return result;
    }

    private static String sessionPointer(Sql sql, String agent, String sessionId) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT last_run_id FROM agent_sessions WHERE agent = ? AND session_id = ?");
        ps.setString(1, agent);
        ps.setString(2, sessionId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The run's priority (0 when there is no such run). */
    static int priority(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT priority FROM runs WHERE id = ?");
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Inserts the run; false when its idempotency key is already taken (nothing written). */
    static boolean insertRun(Sql sql, NewRun run, String parentId, String parentPolicy) throws SQLException {
        return insertRun(sql, run, parentId, parentPolicy, null);
    }

    /**
     * As {@link #insertRun(Sql, NewRun, String, String)}; with {@code debounce}, the run waits
     * SUSPENDED for the end of its window, and nothing is written when another run of its
     * component waits under the same key (the unique index {@code runs_debouncing}).
     */
    static boolean insertRun(Sql sql, NewRun run, String parentId, String parentPolicy, Debounce debounce)
            throws SQLException {
        PreparedStatement ps = sql.prepare("""
                INSERT INTO runs (id, component, kind, status, input, idempotency_key, epoch, created_at, updated_at,
                                  deadline_at, parent_id, parent_policy, concurrency_key, trace_parent, started_by, priority,
                                  wake_at, debounce_key, debounce_until, rate_key)
                VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""");
        ps.setString(1, run.id());
        ps.setString(2, run.component());
        ps.setString(3, run.kind().name());
        ps.setString(4, debounce == null ? "PENDING" : "SUSPENDED");
        ps.setBytes(5, run.input());
        ps.setString(6, run.idempotencyKey());
        ps.setLong(7, run.createdAtMs());
        ps.setLong(8, run.createdAtMs());
        ps.setObject(9, run.deadlineAtMs());
        ps.setString(10, parentId);
        ps.setString(11, parentPolicy);
        ps.setString(12, run.concurrencyKey());
        ps.setString(13, run.traceParent());
        ps.setString(14, run.startedBy());
        ps.setInt(15, run.priority());
        ps.setObject(16, debounce == null ? null : run.createdAtMs() + debounce.windowMs());
        ps.setString(17, debounce == null ? null : debounce.key());
        ps.setObject(18, debounce == null ? null : run.createdAtMs() + debounce.maxDelayMs());
        ps.setString(19, run.rateKey());
        if (ps.executeUpdate() == 0) {
            return false;
        }
        for (String tag : run.tags()) {
            PreparedStatement tagged = sql.prepare("INSERT INTO run_tags (tag, run_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
            tagged.setString(1, tag);
            tagged.setString(2, run.id());
            tagged.executeUpdate();
        }
        return true;
    }

    /** See {@link JournalStore#claim}. */
    static Optional<Claim> claim(Sql sql, String runId, String workerId, String buildId, String nodeId, long nowMs)
            throws SQLException {
        Optional<ClaimRead> found = ClaimRead.locked(sql, runId);
        // Only a PENDING run is claimed. A RUNNING one has a holder, on this node or another: the
        // holder gives it back (release, a closed stream, its node's death) as PENDING first. A
        // dispatcher acting on a stale read (a scan that saw the run before its last claim) thus
        // cannot take a run from the worker that holds it.
        if (found.isEmpty() || found.get().run().status() != RunStatus.PENDING) {
            return Optional.empty();
        }
        ClaimRead read = found.get();
        RunRecord run = read.run();
        if (run.paused() || read.componentPaused()) {
            return Optional.empty(); // paused, or of a paused workflow: it waits, PENDING, for its resume
        }
        ComponentRecord component = read.component();
        boolean latest = buildId != null && component != null && component.upgrade() == UpgradeMode.LATEST;
        // before admitting: a refused claim takes no place under a limit
        Builds.check(run, read.pinnedBuild(), read.currentBuild(), buildId, latest);
        if (run.epoch() == 0) {
            admit(sql, run, component);
            RateRows.admit(sql, run, component, nowMs); // last: it takes a slot, which a refusal above must not
        }
        long epoch = run.epoch() + 1;
        PreparedStatement ps = sql.prepare(
                "UPDATE runs SET status = 'RUNNING', epoch = ?, worker_id = ?, node_id = ?, updated_at = ?"
                        + Builds.pinning(buildId, latest) + " WHERE id = ?");
        ps.setLong(1, epoch);
        ps.setString(2, workerId);
        ps.setString(3, nodeId);
        ps.setLong(4, nowMs);
        int next = 5;
        if (buildId != null) {
            ps.setString(next++, buildId);
        }
        ps.setString(next, runId);
        ps.executeUpdate();

        RunRecord claimed = new RunRecord(run.id(), run.component(), run.kind(), RunStatus.RUNNING, run.input(),
                null, null, run.idempotencyKey(), epoch, workerId, run.createdAtMs(), nowMs, null, null, null, run.parentId(),
                run.startedBy(), run.cancelledBy(), run.priority(), null, null, run.debounceKey());
        // one bounded page on the writer: a long journal is read on by the worker, off the writer
        JournalPage first = read.hasJournal() ? Rows.journalPage(sql, runId, 0, Claim.PAGE_ENTRIES, Claim.PAGE_BYTES)
                : new JournalPage(List.of(), false);
        boolean attempts = read.hasAttempts();
        return Optional.of(new Claim(claimed, epoch, first.entries(), attempts ? Rows.pendingAttempts(sql, runId) : Map.of(),
                read.cancelRequested(), attempts ? Rows.pendingAttemptDetails(sql, runId) : Map.of(), !first.more()));
    }

    /**
     * A run's first claim admits it: refused while its concurrency group already has its maximum of
     * admitted runs that have not ended (running, waiting, or released for re-dispatch). In a named
     * queue the group spans every workflow of the queue (with the same key value).
     */
    private static void admit(Sql sql, RunRecord run, ComponentRecord component) throws SQLException {
        if (component == null || component.maxConcurrency() == null || component.maxConcurrency() < 1) {
            return;
        }
        String queue = component.queue();
        if (!sql.dialect().forUpdate().isEmpty()) {
            // nodes admit runs of one group one at a time, or two could both see a free place; a queue's
            // components are locked in name order, so that two admissions cannot deadlock
            PreparedStatement lock = sql.prepare(queue == null
                    ? "SELECT name FROM components WHERE name = ?" + sql.dialect().forUpdate()
                    : "SELECT name FROM components WHERE queue = ? ORDER BY name" + sql.dialect().forUpdate());
            lock.setString(1, queue == null ? run.component() : queue);
            lock.executeQuery().close();
        }
        PreparedStatement ps = sql.prepare("""
                SELECT COUNT(*) FROM runs r
                WHERE r.component IN (SELECT name FROM components WHERE name = ? OR queue = ?)
                  AND r.epoch > 0 AND r.status IN ('PENDING', 'RUNNING', 'SUSPENDED')
                  AND r.concurrency_key = (SELECT concurrency_key FROM runs WHERE id = ?)""");
        ps.setString(1, run.component());
        ps.setString(2, queue);
        ps.setString(3, run.id());
        try (ResultSet rs = ps.executeQuery()) {
            if (rs.next() && rs.getInt(1) >= component.maxConcurrency()) {
                throw new ConcurrencyLimitReachedException(run.id(), run.component(), queue,
                        Rows.concurrencyKey(sql, run.id()), component.maxConcurrency());
            }
        }
    }

    static boolean release(Sql sql, String runId, long epoch, long nowMs) throws SQLException {
        PreparedStatement ps = sql.prepare("""
                UPDATE runs SET status = 'PENDING', worker_id = NULL, updated_at = ?
                WHERE id = ? AND epoch = ? AND status = 'RUNNING'""");
        ps.setLong(1, nowMs);
        ps.setString(2, runId);
        ps.setLong(3, epoch);
        return ps.executeUpdate() == 1;
    }

    /** See {@link JournalStore#releaseUntil}. */
    static boolean releaseUntil(Sql sql, String runId, long epoch, long wakeAtMs, long nowMs) throws SQLException {
        PreparedStatement ps = sql.prepare("""
                UPDATE runs SET status = 'SUSPENDED', worker_id = NULL, updated_at = ?,
                                wake_at = CASE WHEN cancel_requested = 1 THEN ? ELSE ? END
                WHERE id = ? AND epoch = ? AND status = 'RUNNING'""");
        ps.setLong(1, nowMs);
        ps.setLong(2, nowMs);
        ps.setLong(3, wakeAtMs);
        ps.setString(4, runId);
        ps.setLong(5, epoch);
        return ps.executeUpdate() == 1;
    }

    /** See {@link JournalStore#finish}. */
    static RunRecord finish(Sql sql, String runId, long epoch, byte[] output, Failure failure, long nowMs,
                            LineageEffects effects) throws SQLException {
        PreparedStatement held = sql.prepare("""
                SELECT status, epoch, journal_entries, journal_bytes, cancel_requested,
                       EXISTS (SELECT 1 FROM runs c WHERE c.parent_id = runs.id AND c.parent_policy = 'REQUIRED'
                                 AND c.status IN ('PENDING', 'RUNNING', 'SUSPENDED')) AS live_children
                FROM runs WHERE id = ?""" + sql.dialect().forUpdate());
        held.setString(1, runId);
        boolean cancelRequested;
        boolean liveChildren;
        try (ResultSet rs = held.executeQuery()) {
            JournalWrites.fenced(rs, runId, epoch);
            cancelRequested = rs.getInt("cancel_requested") == 1;
            liveChildren = rs.getBoolean("live_children");
        }
        PreparedStatement end;
        if (cancelRequested) {
            end = sql.prepare("""
                    UPDATE runs SET status = 'CANCELLED', output = NULL, error_code = 'CANCELLED', error_type = NULL,
                                    error_message = 'cancelled; the workflow ran its cleanup and ended',
                                    error_stack = NULL, updated_at = ?, finished_at = ?, deadline_at = NULL
                    WHERE id = ? RETURNING\s""" + Rows.RUN_COLUMNS);
            end.setLong(1, nowMs);
            end.setLong(2, nowMs);
            end.setString(3, runId);
        } else {
            end = sql.prepare("""
                    UPDATE runs SET status = ?, output = ?, error_code = ?, error_type = ?, error_message = ?,
                                    error_stack = ?, updated_at = ?, finished_at = ?, deadline_at = NULL
                    WHERE id = ? RETURNING\s""" + Rows.RUN_COLUMNS);
            end.setString(1, failure == null ? "COMPLETED" : "FAILED");
            end.setBytes(2, output);
            Rows.setFailure(end, 3, failure);
            end.setLong(7, nowMs);
            end.setLong(8, nowMs);
            end.setString(9, runId);
        }
        RunRecord ended;
        try (ResultSet rs = end.executeQuery()) {
            rs.next();
            ended = Rows.run(rs);
        }
        Lineage.ended(sql, ended, liveChildren, nowMs, effects); // changes its relatives' rows, never its own
        return ended;
    }

    /** See {@link JournalStore#cancel}. */
    static Cancellation cancel(Sql sql, String runId, String by, long nowMs, LineageEffects effects) throws SQLException {
        RunRecord run = Rows.lockedRun(sql, runId).orElseThrow(() -> new IllegalArgumentException("no run has id " + runId));
        if (run.status().isFinal()) {
            throw new RunAlreadyFinishedException(runId, run.status());
        }
        Cancels.by(sql, runId, by);
        if (run.status() == RunStatus.RUNNING) {
            Cancels.request(sql, runId, nowMs);
            for (String child : Lineage.cancelChildren(sql, runId, nowMs, effects)) {
                Lineage.ended(sql, child, nowMs, effects); // their own children, and the news to this run
            }
            return new Cancellation(run, false);
        }
        Cancels.now(sql, runId, "cancelled before it finished", nowMs);
        Lineage.ended(sql, runId, nowMs, effects);
        return new Cancellation(Rows.run(sql, runId).orElseThrow(), true);
    }
}
