package dev.mainstay.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded default store: one SQLite file in WAL mode with {@code synchronous=FULL}, so every
 * commit is on disk before it is acknowledged (a step survives kill -9 of the runtime). One writer
 * connection behind a {@link GroupCommitter}; reads go through a small pool of connections (only ever
 * used for SELECTs), which WAL lets run beside the writer.
 */
public final class SqliteJournalStore implements JournalStore {
    public static final String FILE_NAME = "mainstay.db";

    private final GroupCommitter writer;
    private final HikariDataSource readers;
    private final Clock clock;
    private volatile java.util.function.Consumer<LineageEffects> lineageListener = effects -> {};

    /** The time source of updated_at columns; a seam for tests. */
    @FunctionalInterface
    public interface Clock {
        long millis();
    }

    private SqliteJournalStore(GroupCommitter writer, HikariDataSource readers, Clock clock) {
        this.writer = writer;
        this.readers = readers;
        this.clock = clock;
    }

    /** Opens (creating if needed) the store in {@code dataDir} and applies pending migrations. */
    public static SqliteJournalStore open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            String url = "jdbc:sqlite:" + dataDir.resolve(FILE_NAME).toAbsolutePath();
            SQLiteDataSource source = new SQLiteDataSource(config());
            source.setUrl(url);
            Flyway.configure()
                    .dataSource(source)
                    .locations("classpath:db/migration/sqlite")
                    .load()
                    .migrate();
            GroupCommitter writer = new GroupCommitter(new Sql(source.getConnection()), "mainstay-store-writer");
            SQLiteDataSource readSource = new SQLiteDataSource(config());
            readSource.setUrl(url);
            HikariConfig pool = new HikariConfig();
            pool.setDataSource(readSource);
            pool.setPoolName("mainstay-store-readers");
            pool.setMaximumPoolSize(4);
            pool.setMinimumIdle(1);
            return new SqliteJournalStore(writer, new HikariDataSource(pool), System::currentTimeMillis);
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot open the SQLite store in " + dataDir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        return config;
    }

    @Override
    public CompletableFuture<StartResult> start(NewRun run) {
        return writer.submit(sql -> startRun(sql, run));
    }

    @Override
    public CompletableFuture<StartResult> startInSession(NewRun run, String agent, String sessionId, String expectedLastRunId) {
        return writer.submit(sql -> {
            if (run.idempotencyKey() != null) {
                Optional<RunRecord> existing = Rows.runByKey(sql, run.idempotencyKey());
                if (existing.isPresent() && existing.get().component().equals(run.component())) {
                    return new StartResult(existing.get(), false);
                }
            }
            String current = sessionPointer(sql, agent, sessionId);
            if (!java.util.Objects.equals(current, expectedLastRunId)) {
                throw new SessionBusyException(agent, sessionId, "got run " + current
                        + " while this request was prepared; send it again");
            }
            StartResult result = startRun(sql, run);
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
        });
    }

    private static void insertRun(Sql sql, NewRun run, String parentId, String parentPolicy) throws SQLException {
        PreparedStatement ps = sql.prepare("""
                INSERT INTO runs (id, component, kind, status, input, idempotency_key, epoch, created_at, updated_at,
                                  deadline_at, parent_id, parent_policy, concurrency_key)
                VALUES (?, ?, ?, 'PENDING', ?, ?, 0, ?, ?, ?, ?, ?, ?)""");
        ps.setString(1, run.id());
        ps.setString(2, run.component());
        ps.setString(3, run.kind().name());
        ps.setBytes(4, run.input());
        ps.setString(5, run.idempotencyKey());
        ps.setLong(6, run.createdAtMs());
        ps.setLong(7, run.createdAtMs());
        ps.setObject(8, run.deadlineAtMs());
        ps.setString(9, parentId);
        ps.setString(10, parentPolicy);
        ps.setString(11, run.concurrencyKey());
        ps.executeUpdate();
        if (run.traceParent() != null) {
            PreparedStatement trace = sql.prepare("UPDATE runs SET trace_parent = ? WHERE id = ?");
            trace.setString(1, run.traceParent());
            trace.setString(2, run.id());
            trace.executeUpdate();
        }
        for (String tag : run.tags()) {
            PreparedStatement tagged = sql.prepare("INSERT OR IGNORE INTO run_tags (tag, run_id) VALUES (?, ?)");
            tagged.setString(1, tag);
            tagged.setString(2, run.id());
            tagged.executeUpdate();
        }
    }

    @Override
    public CompletableFuture<RunRecord> startChild(String parentId, long epoch, JournalEntry entry, NewRun child,
                                                   boolean detached) {
        return writer.submit(sql -> {
            insertEntry(sql, parentId, epoch, entry);
            insertRun(sql, child, parentId, detached ? "DETACHED" : "REQUIRED");
            return Rows.run(sql, child.id()).orElseThrow();
        });
    }

    @Override
    public CompletableFuture<Void> putSchedule(ScheduleRecord schedule) {
        return writer.submit(sql -> {
            PreparedStatement ps = sql.prepare("""
                    INSERT INTO schedules (id, workflow, cron, interval_ms, time_zone, input, misfire, origin, next_fire_at,
                                           created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET workflow = excluded.workflow, cron = excluded.cron,
                        interval_ms = excluded.interval_ms, time_zone = excluded.time_zone, input = excluded.input,
                        misfire = excluded.misfire, origin = excluded.origin, next_fire_at = excluded.next_fire_at,
                        updated_at = excluded.updated_at""");
            ps.setString(1, schedule.id());
            ps.setString(2, schedule.workflow());
            ps.setString(3, schedule.cron());
            ps.setObject(4, schedule.intervalMs());
            ps.setString(5, schedule.timeZone());
            ps.setBytes(6, schedule.input());
            ps.setString(7, schedule.misfire());
            ps.setString(8, schedule.origin());
            ps.setLong(9, schedule.nextFireAtMs());
            ps.setLong(10, schedule.createdAtMs());
            ps.setLong(11, clock.millis());
            ps.executeUpdate();
            return null;
        });
    }

    @Override
    public CompletableFuture<Boolean> deleteSchedule(String id) {
        return writer.submit(sql -> {
            PreparedStatement ps = sql.prepare("DELETE FROM schedules WHERE id = ?");
            ps.setString(1, id);
            return ps.executeUpdate() == 1;
        });
    }

    private static final String SCHEDULE_COLUMNS = """
            SELECT id, workflow, cron, interval_ms, time_zone, input, misfire, origin, next_fire_at, last_fired_at, created_at
            FROM schedules""";

    @Override
    public Optional<ScheduleRecord> schedule(String id) {
        return read(sql -> {
            PreparedStatement ps = sql.prepare(SCHEDULE_COLUMNS + " WHERE id = ?");
            ps.setString(1, id);
            return Rows.schedules(ps).stream().findFirst();
        });
    }

    @Override
    public List<ScheduleRecord> schedules() {
        return read(sql -> Rows.schedules(sql.prepare(SCHEDULE_COLUMNS + " ORDER BY id")));
    }

    @Override
    public List<ScheduleRecord> dueSchedules(long nowMs, int limit) {
        return read(sql -> {
            PreparedStatement ps = sql.prepare(SCHEDULE_COLUMNS + " WHERE next_fire_at <= ? ORDER BY next_fire_at LIMIT ?");
            ps.setLong(1, nowMs);
            ps.setInt(2, limit);
            return Rows.schedules(ps);
        });
    }

    @Override
    public CompletableFuture<Boolean> advanceSchedule(String id, long expectedNextFireAtMs, long nextFireAtMs,
                                                      Long firedAtMs) {
        return writer.submit(sql -> {
            PreparedStatement ps = sql.prepare("""
                    UPDATE schedules SET next_fire_at = ?, last_fired_at = COALESCE(?, last_fired_at), updated_at = ?
                    WHERE id = ? AND next_fire_at = ?""");
            ps.setLong(1, nextFireAtMs);
            ps.setObject(2, firedAtMs);
            ps.setLong(3, clock.millis());
            ps.setString(4, id);
            ps.setLong(5, expectedNextFireAtMs);
            return ps.executeUpdate() == 1;
        });
    }

    private static String sessionPointer(Sql sql, String agent, String sessionId) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT last_run_id FROM agent_sessions WHERE agent = ? AND session_id = ?");
        ps.setString(1, agent);
        ps.setString(2, sessionId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Override
    public Optional<AgentSession> agentSession(String agent, String sessionId) {
        return read(sql -> {
            PreparedStatement ps = sql.prepare("""
                    SELECT last_run_id, created_at, updated_at FROM agent_sessions WHERE agent = ? AND session_id = ?""");
            ps.setString(1, agent);
            ps.setString(2, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new AgentSession(agent, sessionId, rs.getString(1), rs.getLong(2), rs.getLong(3)))
                        : Optional.empty();
            }
        });
    }

    /** Creates a run, or returns the one its idempotency key already started (same component and input). */
    private static StartResult startRun(Sql sql, NewRun run) throws SQLException {
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
        insertRun(sql, run, null, null);
        return new StartResult(new RunRecord(run.id(), run.component(), run.kind(), RunStatus.PENDING, run.input(),
                null, null, run.idempotencyKey(), 0, null, run.createdAtMs(), run.createdAtMs(), null, null, null, null), true);
    }

    @Override
    public CompletableFuture<Optional<Claim>> claim(String runId, String workerId) {
        return writer.submit(sql -> {
            Optional<RunRecord> found = Rows.run(sql, runId);
            if (found.isEmpty() || found.get().status().isFinal() || found.get().status() == RunStatus.SUSPENDED) {
                return Optional.empty();
            }
            RunRecord run = found.get();
            if (run.epoch() == 0) {
                admit(sql, run);
            }
            long epoch = run.epoch() + 1;
            long now = clock.millis();
            PreparedStatement ps = sql.prepare(
                    "UPDATE runs SET status = 'RUNNING', epoch = ?, worker_id = ?, updated_at = ? WHERE id = ?");
            ps.setLong(1, epoch);
            ps.setString(2, workerId);
            ps.setLong(3, now);
            ps.setString(4, runId);
            ps.executeUpdate();

            RunRecord claimed = new RunRecord(run.id(), run.component(), run.kind(), RunStatus.RUNNING, run.input(),
                    null, null, run.idempotencyKey(), epoch, workerId, run.createdAtMs(), now, null, null, null, run.parentId());
            List<JournalEntry> journal = Rows.journal(sql, runId);
            return Optional.of(new Claim(claimed, epoch, journal, Rows.pendingAttempts(sql, runId),
                    Cancels.requested(sql, runId), Rows.pendingAttemptDetails(sql, runId)));
        });
    }

    /**
     * A run's first claim admits it: refused while its concurrency group already has its maximum of
     * admitted runs that have not ended (running, waiting, or released for re-dispatch).
     */
    private static void admit(Sql sql, RunRecord run) throws SQLException {
        ComponentRecord component = Rows.component(sql, run.component()).orElse(null);
        if (component == null || component.maxConcurrency() == null || component.maxConcurrency() < 1) {
            return;
        }
        PreparedStatement ps = sql.prepare("""
                SELECT COUNT(*) FROM runs r
                WHERE r.component = ? AND r.epoch > 0 AND r.status IN ('PENDING', 'RUNNING', 'SUSPENDED')
                  AND r.concurrency_key = (SELECT concurrency_key FROM runs WHERE id = ?)""");
        ps.setString(1, run.component());
        ps.setString(2, run.id());
        try (ResultSet rs = ps.executeQuery()) {
            if (rs.next() && rs.getInt(1) >= component.maxConcurrency()) {
                throw new ConcurrencyLimitReachedException(run.id(), run.component(), Rows.concurrencyKey(sql, run.id()),
                        component.maxConcurrency());
            }
        }
    }

    @Override
    public CompletableFuture<Boolean> release(String runId, long epoch) {
        return writer.submit(sql -> {
            PreparedStatement ps = sql.prepare("""
                    UPDATE runs SET status = 'PENDING', worker_id = NULL, updated_at = ?
                    WHERE id = ? AND epoch = ? AND status = 'RUNNING'""");
            ps.setLong(1, clock.millis());
            ps.setString(2, runId);
            ps.setLong(3, epoch);
            return ps.executeUpdate() == 1;
        });
    }

    @Override
    public CompletableFuture<Void> append(String runId, long epoch, JournalEntry entry) {
        return writer.submit(sql -> {
            insertEntry(sql, runId, epoch, entry);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> appendAndSuspend(String runId, long epoch, JournalEntry entry, long wakeAtMs) {
        return writer.submit(sql -> {
            insertEntry(sql, runId, epoch, entry);
            suspendUntil(sql, runId, wakeAtMs, clock.millis());
            return null;
        });
    }

    /**
     * Fenced insert of a journal entry. Positions are assigned by the worker in call order; parallel
     * steps finish in any order, so an entry may land before a lower position is filled.
     */
    private static void insertEntry(Sql sql, String runId, long epoch, JournalEntry entry) throws SQLException {
        checkHeld(sql, runId, epoch);
        checkFree(sql, runId, entry.position());
        PreparedStatement ps = sql.prepare("""
                INSERT INTO journal (run_id, position, kind, name, status, input, output, error_code, error_type,
                                     error_message, error_stack, attempt, epoch, started_at, finished_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        ps.setString(1, runId);
        ps.setInt(2, entry.position());
        ps.setString(3, entry.kind());
        ps.setString(4, entry.name());
        ps.setString(5, entry.succeeded() ? "SUCCEEDED" : "FAILED");
        ps.setBytes(6, entry.input());
        ps.setBytes(7, entry.output());
        Rows.setFailure(ps, 8, entry.failure());
        ps.setInt(12, entry.attempt());
        ps.setLong(13, epoch);
        ps.setLong(14, entry.startedAtMs());
        ps.setLong(15, entry.finishedAtMs());
        ps.executeUpdate();
    }

    @Override
    public CompletableFuture<Void> recordAttempt(String runId, long epoch, Attempt attempt, boolean suspend) {
        if (suspend && attempt.retryAtMs() == null) {
            throw new IllegalArgumentException("a suspending attempt needs a retry time");
        }
        return writer.submit(sql -> {
            checkHeld(sql, runId, epoch);
            checkFree(sql, runId, attempt.position());
            int expectedAttempt = Rows.attemptCount(sql, runId, attempt.position()) + 1;
            if (attempt.attempt() != expectedAttempt) {
                throw new JournalConflictException(runId, attempt.position(), "attempt " + expectedAttempt
                        + " is next there, not attempt " + attempt.attempt());
            }
            insertAttempt(sql, runId, epoch, attempt);
            if (suspend) {
                suspendUntil(sql, runId, attempt.retryAtMs(), clock.millis());
            }
            return null;
        });
    }

    private static void insertAttempt(Sql sql, String runId, long epoch, Attempt attempt) throws SQLException {
        PreparedStatement ps = sql.prepare("""
                INSERT INTO attempts (run_id, position, attempt, kind, name, error_code, error_type, error_message,
                                      error_stack, epoch, started_at, finished_at, retry_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        ps.setString(1, runId);
        ps.setInt(2, attempt.position());
        ps.setInt(3, attempt.attempt());
        ps.setString(4, attempt.kind());
        ps.setString(5, attempt.name());
        Rows.setFailure(ps, 6, attempt.failure());
        ps.setLong(10, epoch);
        ps.setLong(11, attempt.startedAtMs());
        ps.setLong(12, attempt.finishedAtMs());
        ps.setObject(13, attempt.retryAtMs());
        ps.executeUpdate();
    }

    /** Suspends a run until {@code wakeAtMs}; a run whose cancel was requested wakes at once instead. */
    private static void suspendUntil(Sql sql, String runId, long wakeAtMs, long nowMs) throws SQLException {
        PreparedStatement update = sql.prepare(
                "UPDATE runs SET status = 'SUSPENDED', wake_at = ?, worker_id = NULL, updated_at = ? WHERE id = ?");
        update.setLong(1, Cancels.requested(sql, runId) ? nowMs : wakeAtMs);
        update.setLong(2, nowMs);
        update.setString(3, runId);
        update.executeUpdate();
    }

    @Override
    public List<Attempt> attempts(String runId) {
        return read(sql -> Rows.attempts(sql, runId));
    }

    @Override
    public CompletableFuture<List<RunRecord>> wakeDue(long nowMs, int limit) {
        return writer.submit(sql -> {
            PreparedStatement ps = sql.prepare("SELECT " + Rows.RUN_COLUMNS
                    + " FROM runs WHERE wake_at IS NOT NULL AND wake_at <= ? ORDER BY wake_at LIMIT ?");
            ps.setLong(1, nowMs);
            ps.setInt(2, limit);
            List<RunRecord> due = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(Rows.run(rs));
                }
            }
            PreparedStatement wake = sql.prepare(
                    "UPDATE runs SET status = 'PENDING', wake_at = NULL, updated_at = ? WHERE id = ? AND status = 'SUSPENDED'");
            for (RunRecord run : due) {
                wake.setLong(1, nowMs);
                wake.setString(2, run.id());
                wake.executeUpdate();
            }
            return due;
        });
    }

    @Override
    public java.util.OptionalLong nextWakeAt() {
        return read(sql -> {
            java.util.OptionalLong wake = min(sql, "SELECT MIN(wake_at) FROM runs WHERE wake_at IS NOT NULL");
            java.util.OptionalLong deadline = min(sql, "SELECT MIN(deadline_at) FROM runs WHERE deadline_at IS NOT NULL");
            java.util.OptionalLong schedule = min(sql, "SELECT MIN(next_fire_at) FROM schedules");
            return java.util.stream.Stream.of(wake, deadline, schedule).filter(java.util.OptionalLong::isPresent)
                    .mapToLong(java.util.OptionalLong::getAsLong).min();
        });
    }

    private static java.util.OptionalLong min(Sql sql, String query) throws SQLException {
        try (ResultSet rs = sql.prepare(query).executeQuery()) {
            if (rs.next()) {
                long at = rs.getLong(1);
                return rs.wasNull() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(at);
            }
            return java.util.OptionalLong.empty();
        }
    }

    @Override
    public CompletableFuture<Cancellation> cancel(String runId, long nowMs) {
        return withLineage((sql, effects) -> {
            RunRecord run = Rows.run(sql, runId).orElseThrow(() -> new IllegalArgumentException("no run has id " + runId));
            if (run.status().isFinal()) {
                throw new RunAlreadyFinishedException(runId, run.status());
            }
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
        });
    }

    /** A write that may end runs: its effects on their relatives go to the lineage listener after commit. */
    private <T> CompletableFuture<T> withLineage(LineageWrite<T> write) {
        record Result<T>(T value, LineageEffects effects) {}
        return writer.submit(sql -> {
            LineageEffects effects = LineageEffects.collecting();
            return new Result<>(write.apply(sql, effects), effects);
        }).thenApply(result -> {
            if (!result.effects().isEmpty()) {
                lineageListener.accept(result.effects());
            }
            return result.value();
        });
    }

    @FunctionalInterface
    private interface LineageWrite<T> {
        T apply(Sql sql, LineageEffects effects) throws SQLException;
    }

    @Override
    public void onLineage(java.util.function.Consumer<LineageEffects> listener) {
        this.lineageListener = listener;
    }

    @Override
    public CompletableFuture<Delivery> deliverEvent(String runId, String name, String eventId, byte[] payload, long nowMs) {
        return writer.submit(sql -> {
            RunRecord run = Rows.run(sql, runId).orElseThrow(() -> new EventRefusedException(runId, "no run has this id"));
            if (run.status().isFinal()) {
                throw new EventRefusedException(runId, "the run already finished as " + run.status());
            }
            Inbox.Delivered delivered = Inbox.deliver(sql, runId, name, eventId, payload, nowMs);
            return new Delivery(eventId, delivered.duplicate(), delivered.woke(), run.component());
        });
    }

    private static final byte[] TIMED_OUT = "{\"received\":false}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @Override
    public CompletableFuture<EventWait> awaitEvent(String runId, long epoch, int position, String name, long timeoutMs,
                                                   long nowMs) {
        return writer.submit(sql -> {
            checkHeld(sql, runId, epoch);
            checkFree(sql, runId, position);
            PreparedStatement oldest = sql.prepare(
                    "SELECT seq, payload FROM events WHERE run_id = ? AND name = ? AND consumed_at IS NULL ORDER BY seq LIMIT 1");
            oldest.setString(1, runId);
            oldest.setString(2, name);
            Long seq = null;
            byte[] payload = null;
            try (ResultSet rs = oldest.executeQuery()) {
                if (rs.next()) {
                    seq = rs.getLong(1);
                    payload = rs.getBytes(2);
                }
            }
            long deadline = waitDeadline(sql, runId, name, nowMs + timeoutMs);
            byte[] output;
            if (seq != null) {
                PreparedStatement consume = sql.prepare("UPDATE events SET consumed_at = ? WHERE seq = ?");
                consume.setInt(1, position);
                consume.setLong(2, seq);
                consume.executeUpdate();
                output = envelope(payload);
            } else if (nowMs >= deadline) {
                output = TIMED_OUT;
            } else {
                PreparedStatement wait = sql.prepare("""
                        UPDATE runs SET status = 'SUSPENDED', waiting_for = ?, wait_deadline = ?, wake_at = ?,
                                        worker_id = NULL, updated_at = ?
                        WHERE id = ?""");
                long wakeAt = Cancels.requested(sql, runId) ? nowMs : deadline; // a cancelled run must not wait
                wait.setString(1, name);
                wait.setLong(2, deadline);
                wait.setLong(3, wakeAt);
                wait.setLong(4, nowMs);
                wait.setString(5, runId);
                wait.executeUpdate();
                return new EventWait(true, null, wakeAt);
            }
            insertEntry(sql, runId, epoch, new JournalEntry(position, "event", name, true, null, output, null, 1, nowMs, nowMs));
            PreparedStatement done = sql.prepare("UPDATE runs SET waiting_for = NULL, wait_deadline = NULL WHERE id = ?");
            done.setString(1, runId);
            done.executeUpdate();
            return new EventWait(false, output, 0);
        });
    }

    /** The deadline of the wait in progress for {@code name}, or {@code proposed} for a new wait. */
    private static long waitDeadline(Sql sql, String runId, String name, long proposed) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT waiting_for, wait_deadline FROM runs WHERE id = ?");
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            if (rs.next() && name.equals(rs.getString(1))) {
                long deadline = rs.getLong(2);
                return rs.wasNull() ? proposed : deadline;
            }
            return proposed;
        }
    }

    private static byte[] envelope(byte[] payload) {
        byte[] head = "{\"received\":true,\"payload\":".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(head, head.length + payload.length + 1);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        out[out.length - 1] = '}';
        return out;
    }

    @Override
    public CompletableFuture<Boolean> timeoutStep(String runId, long epoch, Attempt attempt, boolean finalAttempt) {
        return writer.submit(sql -> {
            try {
                checkHeld(sql, runId, epoch);
            } catch (StaleEpochException | RunAlreadyFinishedException moved) {
                return false;
            }
            if (Rows.entryAt(sql, runId, attempt.position())
                    || Rows.attemptCount(sql, runId, attempt.position()) != attempt.attempt() - 1) {
                return false; // the step finished or failed in time
            }
            long now = clock.millis();
            if (finalAttempt) {
                PreparedStatement ps = sql.prepare("""
                        INSERT INTO journal (run_id, position, kind, name, status, error_code, error_type, error_message,
                                             error_stack, attempt, epoch, started_at, finished_at)
                        VALUES (?, ?, ?, ?, 'FAILED', ?, ?, ?, ?, ?, ?, ?, ?)""");
                ps.setString(1, runId);
                ps.setInt(2, attempt.position());
                ps.setString(3, attempt.kind());
                ps.setString(4, attempt.name());
                Rows.setFailure(ps, 5, attempt.failure());
                ps.setInt(9, attempt.attempt());
                ps.setLong(10, epoch);
                ps.setLong(11, attempt.startedAtMs());
                ps.setLong(12, attempt.finishedAtMs());
                ps.executeUpdate();
                PreparedStatement release = sql.prepare(
                        "UPDATE runs SET status = 'PENDING', worker_id = NULL, updated_at = ? WHERE id = ?");
                release.setLong(1, now);
                release.setString(2, runId);
                release.executeUpdate();
            } else {
                insertAttempt(sql, runId, epoch, attempt);
                suspendUntil(sql, runId, attempt.retryAtMs(), now);
            }
            return true;
        });
    }

    @Override
    public CompletableFuture<List<RunRecord>> expireDue(long nowMs, int limit) {
        return withLineage((sql, effects) -> {
            PreparedStatement ps = sql.prepare("SELECT id FROM runs WHERE deadline_at IS NOT NULL AND deadline_at <= ?"
                    + " AND status IN ('PENDING', 'RUNNING', 'SUSPENDED') ORDER BY deadline_at LIMIT ?");
            ps.setLong(1, nowMs);
            ps.setInt(2, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            PreparedStatement fail = sql.prepare("""
                    UPDATE runs SET status = 'FAILED', error_code = 'RUN_TIMED_OUT', error_type = NULL,
                                    error_message = ?, error_stack = NULL, epoch = epoch + 1, worker_id = NULL,
                                    wake_at = NULL, deadline_at = NULL, updated_at = ?, finished_at = ?
                    WHERE id = ?""");
            List<RunRecord> expired = new ArrayList<>();
            for (String id : ids) {
                fail.setString(1, "the run did not finish before its deadline (the workflow's runTimeoutMs);"
                        + " its holder lost it and nothing more is written");
                fail.setLong(2, nowMs);
                fail.setLong(3, nowMs);
                fail.setString(4, id);
                fail.executeUpdate();
                expired.add(Rows.run(sql, id).orElseThrow());
                Lineage.ended(sql, id, nowMs, effects);
            }
            return expired;
        });
    }

    @Override
    public CompletableFuture<RunRecord> finish(String runId, long epoch, byte[] output, Failure failure) {
        if ((output == null) == (failure == null)) {
            throw new IllegalArgumentException("a run finishes with exactly one of output and failure");
        }
        return withLineage((sql, effects) -> {
            checkHeld(sql, runId, epoch);
            long now = clock.millis();
            if (Cancels.requested(sql, runId)) {
                PreparedStatement cancelled = sql.prepare("""
                        UPDATE runs SET status = 'CANCELLED', output = NULL, error_code = 'CANCELLED', error_type = NULL,
                                        error_message = 'cancelled; the workflow ran its cleanup and ended',
                                        error_stack = NULL, updated_at = ?, finished_at = ?, deadline_at = NULL
                        WHERE id = ?""");
                cancelled.setLong(1, now);
                cancelled.setLong(2, now);
                cancelled.setString(3, runId);
                cancelled.executeUpdate();
                Lineage.ended(sql, runId, now, effects);
                return Rows.run(sql, runId).orElseThrow();
            }
            PreparedStatement ps = sql.prepare("""
                    UPDATE runs SET status = ?, output = ?, error_code = ?, error_type = ?, error_message = ?,
                                    error_stack = ?, updated_at = ?, finished_at = ?, deadline_at = NULL
                    WHERE id = ?""");
            ps.setString(1, failure == null ? "COMPLETED" : "FAILED");
            ps.setBytes(2, output);
            Rows.setFailure(ps, 3, failure);
            ps.setLong(7, now);
            ps.setLong(8, now);
            ps.setString(9, runId);
            ps.executeUpdate();
            Lineage.ended(sql, runId, now, effects);
            return Rows.run(sql, runId).orElseThrow();
        });
    }

    /** A position holds one entry for good: a second write there is refused, whoever sends it. */
    private static void checkFree(Sql sql, String runId, int position) throws SQLException {
        if (position < 1) {
            throw new JournalConflictException(runId, position, "positions start at 1");
        }
        if (Rows.entryAt(sql, runId, position)) {
            throw new JournalConflictException(runId, position, "it already holds an entry");
        }
    }

    /** Fencing: the write's epoch must be the run's current one, and the run must be RUNNING (held). */
    private static void checkHeld(Sql sql, String runId, long epoch) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT status, epoch FROM runs WHERE id = ?");
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new StaleEpochException(runId, epoch, 0);
            }
            long current = rs.getLong("epoch");
            RunStatus status = RunStatus.valueOf(rs.getString("status"));
            if (current != epoch) {
                throw new StaleEpochException(runId, epoch, current);
            }
            if (status.isFinal()) {
                throw new RunAlreadyFinishedException(runId, status);
            }
            if (status != RunStatus.RUNNING) {
                // released: its holder went away, and the next claim will move the epoch on
                throw new StaleEpochException(runId, epoch, current);
            }
        }
    }

    @Override
    public CompletableFuture<Void> registerComponents(Collection<ComponentRecord> components) {
        return writer.submit(sql -> {
            long now = clock.millis();
            PreparedStatement ps = sql.prepare("""
                    INSERT INTO components (name, kind, input_schema, first_seen_at, last_seen_at, run_timeout_ms,
                                            max_concurrency, concurrency_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, input_schema = excluded.input_schema,
                                                     last_seen_at = excluded.last_seen_at,
                                                     run_timeout_ms = excluded.run_timeout_ms,
                                                     max_concurrency = excluded.max_concurrency,
                                                     concurrency_key = excluded.concurrency_key""");
            for (ComponentRecord component : components) {
                ps.setString(1, component.name());
                ps.setString(2, component.kind().name());
                ps.setString(3, component.inputSchema());
                ps.setLong(4, now);
                ps.setLong(5, now);
                ps.setObject(6, component.runTimeoutMs());
                ps.setObject(7, component.maxConcurrency());
                ps.setString(8, component.concurrencyKey());
                ps.addBatch();
            }
            ps.executeBatch();
            return null;
        });
    }

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
    public RunPage runs(RunQuery query) {
        return read(sql -> {
            StringBuilder text = new StringBuilder("SELECT " + Rows.RUN_COLUMNS + " FROM runs WHERE 1 = 1");
            List<Object> args = new ArrayList<>();
            if (query.component() != null) {
                text.append(" AND component = ?");
                args.add(query.component());
            }
            if (query.status() != null) {
                text.append(" AND status = ?");
                args.add(query.status().name());
            }
            if (query.afterId() != null) {
                text.append(" AND id < ?");
                args.add(query.afterId());
            }
            // ids are UUIDv7: their text sorts by creation millisecond, so a time range is an id range
            if (query.createdFromMs() != null) {
                text.append(" AND id >= ?");
                args.add(idBound(query.createdFromMs()));
            }
            if (query.createdToMs() != null) {
                text.append(" AND id < ?");
                args.add(idBound(query.createdToMs()));
            }
            if (query.idempotencyKey() != null) {
                text.append(" AND idempotency_key = ?");
                args.add(query.idempotencyKey());
            }
            if (query.tag() != null) {
                text.append(" AND id IN (SELECT run_id FROM run_tags WHERE tag = ?)");
                args.add(query.tag());
            }
            text.append(" ORDER BY id DESC LIMIT ?");
            args.add(query.limit() + 1);
            PreparedStatement ps = sql.prepare(text.toString());
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<RunRecord> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(Rows.run(rs));
                }
            }
            if (runs.size() > query.limit()) {
                runs.remove(runs.size() - 1);
                return new RunPage(runs, runs.get(runs.size() - 1).id());
            }
            return new RunPage(runs, null);
        });
    }

    @Override
    public List<RunRecord> liveRuns() {
        return read(sql -> {
            PreparedStatement ps = sql.prepare(
                    "SELECT " + Rows.RUN_COLUMNS + " FROM runs WHERE status IN ('PENDING', 'RUNNING') ORDER BY id");
            List<RunRecord> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(Rows.run(rs));
                }
            }
            return runs;
        });
    }

    @Override
    public Optional<ComponentRecord> component(String name) {
        return read(sql -> {
            return Rows.component(sql, name);
        });
    }

    /** The smallest UUIDv7 text of a millisecond: every id created at or after it sorts at or after it. */
    static String idBound(long millis) {
        String hex = String.format("%012x", Math.max(0, millis));
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-0000-0000-000000000000";
    }

    @Override
    public Optional<String> traceParent(String runId) {
        return read(sql -> {
            PreparedStatement ps = sql.prepare("SELECT trace_parent FROM runs WHERE id = ?");
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        });
    }

    /**
     * Bounded by run id (creation time), not by finish time: that is a primary-key range on both
     * tables, where a finish-time bound would need an index that every append pays for. A step of a
     * run created before {@code sinceMs} is therefore not counted.
     */
    @Override
    public RunStats stats(long sinceMs) {
        return read(sql -> {
            String bound = idBound(sinceMs);
            java.util.Map<RunStatus, Long> byStatus = new java.util.EnumMap<>(RunStatus.class);
            PreparedStatement counts = sql.prepare("SELECT status, COUNT(*) FROM runs WHERE id >= ? GROUP BY status");
            counts.setString(1, bound);
            try (ResultSet rs = counts.executeQuery()) {
                while (rs.next()) {
                    byStatus.put(RunStatus.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            List<Long> durations = new ArrayList<>();
            PreparedStatement steps = sql.prepare("""
                    SELECT finished_at - started_at FROM journal
                    WHERE run_id >= ? AND kind IN ('step', 'call')""");
            steps.setString(1, bound);
            try (ResultSet rs = steps.executeQuery()) {
                while (rs.next()) {
                    durations.add(rs.getLong(1));
                }
            }
            return new RunStats(sinceMs, byStatus, durations);
        });
    }

    @Override
    public long sizeBytes() {
        return read(sql -> {
            PreparedStatement ps = sql.prepare("SELECT file FROM pragma_database_list WHERE name = 'main'");
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null || rs.getString(1).isEmpty()) {
                    return -1L;
                }
                long total = 0;
                for (String suffix : List.of("", "-wal", "-shm")) {
                    Path file = Path.of(rs.getString(1) + suffix);
                    try {
                        total += Files.exists(file) ? Files.size(file) : 0;
                    } catch (java.io.IOException e) {
                        // a WAL file may vanish between the check and the size: count it as empty
                    }
                }
                return total;
            }
        });
    }

    @Override
    public void onCommit(CommitObserver observer) {
        writer.observer(observer);
    }

    /** A read on a pooled read-only connection. */
    private <T> T read(GroupCommitter.Write<T> query) {
        try (Sql sql = new Sql(readers.getConnection())) {
            return query.apply(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("store read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        writer.close();
        readers.close();
    }
}
