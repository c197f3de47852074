package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Row mapping and the reads that both the writer and the read pool need. */
final class Rows {
    static final String RUN_COLUMNS = """
            id, component, kind, status, input, output, error_code, error_type, error_message, error_stack,
            idempotency_key, epoch, worker_id, created_at, updated_at, finished_at, wake_at, waiting_for, parent_id,
            started_by, cancelled_by, priority, paused_at, paused_by, debounce_key""";

    private Rows() {}

    static Optional<RunRecord> run(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?");
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(run(rs)) : Optional.empty();
        }
    }

    /** As {@link #run(Sql, String)}, locking the row for the rest of the transaction (see {@link Dialect}). */
    static Optional<RunRecord> lockedRun(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?" + sql.dialect().forUpdate());
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(run(rs)) : Optional.empty();
        }
    }

    static Optional<RunRecord> runByKey(Sql sql, String key) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT " + RUN_COLUMNS + " FROM runs WHERE idempotency_key = ?");
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(run(rs)) : Optional.empty();
        }
    }

    static RunRecord run(ResultSet rs) throws SQLException {
        long finished = rs.getLong("finished_at");
        Long finishedAt = rs.wasNull() ? null : finished;
        long wake = rs.getLong("wake_at");
        Long wakeAt = rs.wasNull() ? null : wake;
        return new RunRecord(
                rs.getString("id"),
                rs.getString("component"),
                ComponentKind.valueOf(rs.getString("kind")),
                RunStatus.valueOf(rs.getString("status")),
                rs.getBytes("input"),
                rs.getBytes("output"),
                failure(rs),
                rs.getString("idempotency_key"),
                rs.getLong("epoch"),
                rs.getString("worker_id"),
                rs.getLong("created_at"),
                rs.getLong("updated_at"),
                finishedAt,
                wakeAt,
                rs.getString("waiting_for"),
                rs.getString("parent_id"),
                rs.getString("started_by"),
                rs.getString("cancelled_by"),
                rs.getInt("priority"),
                pausedAt(rs),
                rs.getString("paused_by"),
                rs.getString("debounce_key"));
    }

    private static Long pausedAt(ResultSet rs) throws SQLException {
        long paused = rs.getLong("paused_at");
        return rs.wasNull() ? null : paused;
    }

    static List<JournalEntry> journal(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare("""
                SELECT position, kind, name, status, input, output, error_code, error_type, error_message,
                       error_stack, attempt, started_at, finished_at
                FROM journal WHERE run_id = ? ORDER BY position""");
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            List<JournalEntry> entries = new ArrayList<>();
            while (rs.next()) {
                entries.add(entry(rs));
            }
            return entries;
        }
    }

    /**
     * The entries after {@code afterPosition}, at most {@code maxEntries} and about {@code maxBytes}
     * of payload (always at least one entry, whatever its size), and whether more follow.
     */
    static JournalPage journalPage(Sql sql, String runId, int afterPosition, int maxEntries, long maxBytes)
            throws SQLException {
        PreparedStatement ps = sql.prepare("""
                SELECT position, kind, name, status, input, output, error_code, error_type, error_message,
                       error_stack, attempt, started_at, finished_at
                FROM journal WHERE run_id = ? AND position > ? ORDER BY position LIMIT ?""");
        ps.setString(1, runId);
        ps.setInt(2, afterPosition);
        ps.setInt(3, maxEntries + 1);
        try (ResultSet rs = ps.executeQuery()) {
            List<JournalEntry> entries = new ArrayList<>();
            long bytes = 0;
            while (rs.next()) {
                JournalEntry entry = entry(rs);
                bytes += JournalBounds.bytesOf(entry);
                if (entries.size() == maxEntries || (!entries.isEmpty() && bytes > maxBytes)) {
                    return new JournalPage(entries, true);
                }
                entries.add(entry);
            }
            return new JournalPage(entries, false);
        }
    }

    static Optional<JournalEntry> lastEntry(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare("""
                SELECT position, kind, name, status, input, output, error_code, error_type, error_message,
                       error_stack, attempt, started_at, finished_at
                FROM journal WHERE run_id = ? ORDER BY position DESC LIMIT 1""");
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
        }
    }

    static JournalEntry entry(ResultSet rs) throws SQLException {
        return new JournalEntry(
                rs.getInt("position"),
                rs.getString("kind"),
                rs.getString("name"),
                "SUCCEEDED".equals(rs.getString("status")),
                rs.getBytes("input"),
                rs.getBytes("output"),
                failure(rs),
                rs.getInt("attempt"),
                rs.getLong("started_at"),
                rs.getLong("finished_at"));
    }

    static List<Attempt> attempts(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare("""
                SELECT position, attempt, kind, name, error_code, error_type, error_message, error_stack,
                       started_at, finished_at, retry_at
                FROM attempts WHERE run_id = ? ORDER BY position, attempt""");
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            List<Attempt> attempts = new ArrayList<>();
            while (rs.next()) {
                long retry = rs.getLong("retry_at");
                Long retryAt = rs.wasNull() ? null : retry;
                attempts.add(new Attempt(rs.getInt("position"), rs.getInt("attempt"), rs.getString("kind"),
                        rs.getString("name"), failure(rs), rs.getLong("started_at"), rs.getLong("finished_at"), retryAt));
            }
            return attempts;
        }
    }

    /** Failed attempts recorded for one position. */
    static List<ScheduleRecord> schedules(PreparedStatement ps) throws SQLException {
        List<ScheduleRecord> schedules = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long interval = rs.getLong("interval_ms");
                Long intervalMs = rs.wasNull() ? null : interval;
                long fired = rs.getLong("last_fired_at");
                Long firedAt = rs.wasNull() ? null : fired;
                schedules.add(new ScheduleRecord(rs.getString("id"), rs.getString("workflow"), rs.getString("cron"),
                        intervalMs, rs.getString("time_zone"), rs.getBytes("input"), rs.getString("misfire"),
                        rs.getString("origin"), rs.getLong("next_fire_at"), firedAt, rs.getLong("created_at")));
            }
        }
        return schedules;
    }

    /** The columns {@link #component(ResultSet, int)} maps, in its order. */
    static final String COMPONENT_COLUMNS = """
            name, kind, input_schema, run_timeout_ms, max_concurrency, concurrency_key, upgrade,
            rate_limit, rate_window_ms, rate_key, queue""";

    static Optional<ComponentRecord> component(Sql sql, String name) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT " + COMPONENT_COLUMNS + " FROM components WHERE name = ?");
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(component(rs, 1)) : Optional.empty();
        }
    }

    /** The component whose {@link #COMPONENT_COLUMNS} begin at column {@code first}. */
    static ComponentRecord component(ResultSet rs, int first) throws SQLException {
        int at = first - 1;
        long timeout = rs.getLong(at + 4);
        Long runTimeoutMs = rs.wasNull() ? null : timeout;
        int max = rs.getInt(at + 5);
        Integer maxConcurrency = rs.wasNull() ? null : max;
        int rate = rs.getInt(at + 8);
        dev.mainstay.protocol.RateLimit rateLimit = rs.wasNull() ? null
                : new dev.mainstay.protocol.RateLimit(rate, rs.getLong(at + 9));
        return new ComponentRecord(rs.getString(at + 1), ComponentKind.valueOf(rs.getString(at + 2)),
                rs.getString(at + 3), runTimeoutMs, maxConcurrency, rs.getString(at + 6),
                UpgradeMode.valueOf(rs.getString(at + 7)), rateLimit, rs.getString(at + 10), rs.getString(at + 11));
    }

    static String concurrencyKey(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT concurrency_key FROM runs WHERE id = ?");
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static boolean entryAt(Sql sql, String runId, int position) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT 1 FROM journal WHERE run_id = ? AND position = ?");
        ps.setString(1, runId);
        ps.setInt(2, position);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** Failed attempts at positions that hold no entry yet: where a step's next attempt resumes counting. */
    static java.util.Map<Integer, Integer> pendingAttempts(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare("""
                SELECT a.position, COUNT(*) FROM attempts a
                WHERE a.run_id = ? AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.run_id = a.run_id AND j.position = a.position)
                GROUP BY a.position""");
        ps.setString(1, runId);
        java.util.Map<Integer, Integer> counts = new java.util.TreeMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getInt(1), rs.getInt(2));
            }
        }
        return counts;
    }

    /**
     * The last failed attempt at each position that holds no entry yet: the count (attempts are
     * numbered 1, 2, ... there), its retry time, and the operation's kind and name.
     */
    static java.util.Map<Integer, PendingAttempt> pendingAttemptDetails(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare("""
                SELECT a.position, a.attempt, a.retry_at, a.kind, a.name FROM attempts a
                WHERE a.run_id = ?
                  AND a.attempt = (SELECT MAX(b.attempt) FROM attempts b WHERE b.run_id = a.run_id AND b.position = a.position)
                  AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.run_id = a.run_id AND j.position = a.position)""");
        ps.setString(1, runId);
        java.util.Map<Integer, PendingAttempt> pending = new java.util.TreeMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long retry = rs.getLong(3);
                Long retryAt = rs.wasNull() ? null : retry;
                pending.put(rs.getInt(1), new PendingAttempt(rs.getInt(2), retryAt, rs.getString(4), rs.getString(5)));
            }
        }
        return pending;
    }

    static int attemptCount(Sql sql, String runId, int position) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT COUNT(*) FROM attempts WHERE run_id = ? AND position = ?");
        ps.setString(1, runId);
        ps.setInt(2, position);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static Failure failure(ResultSet rs) throws SQLException {
        String code = rs.getString("error_code");
        if (code == null) {
            return null;
        }
        return new Failure(code, rs.getString("error_type"), rs.getString("error_message"), rs.getString("error_stack"));
    }

    static void setFailure(PreparedStatement ps, int firstIndex, Failure failure) throws SQLException {
        ps.setString(firstIndex, failure == null ? null : failure.code());
        ps.setString(firstIndex + 1, failure == null ? null : failure.type());
        ps.setString(firstIndex + 2, failure == null ? null : failure.message());
        ps.setString(firstIndex + 3, failure == null ? null : failure.stackTrace());
    }
}
