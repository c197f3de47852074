package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** Durable timers: suspended runs waking up, run deadlines passing, and the next of them. */
final class TimerWrites {
    private TimerWrites() {}

    /** See {@link JournalStore#wakeDue}. */
    static List<RunRecord> wakeDue(Sql sql, long nowMs, int limit) throws SQLException {
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
        List<RunRecord> woken = new ArrayList<>(due.size());
        for (RunRecord run : due) {
            wake.setLong(1, nowMs);
            wake.setString(2, run.id());
            if (wake.executeUpdate() == 1) {
                woken.add(run);
            }
        }
        return woken;
    }

    /** See {@link JournalStore#expireDue}. */
    static List<RunRecord> expireDue(Sql sql, long nowMs, int limit, LineageEffects effects) throws SQLException {
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
                WHERE id = ? AND status IN ('PENDING', 'RUNNING', 'SUSPENDED')""");
        List<RunRecord> expired = new ArrayList<>();
        for (String id : ids) {
            fail.setString(1, "the run did not finish before its deadline (the workflow's runTimeoutMs);"
                    + " its holder lost it and nothing more is written");
            fail.setLong(2, nowMs);
            fail.setLong(3, nowMs);
            fail.setString(4, id);
            if (fail.executeUpdate() == 0) {
                continue; // it ended meanwhile, through another node's writer
            }
            expired.add(Rows.run(sql, id).orElseThrow());
            Lineage.ended(sql, id, nowMs, effects);
        }
        return expired;
    }

    /** The earliest timer: a suspended run's wake-up, a live run's deadline or a schedule's slot. */
    static OptionalLong next(Sql sql) throws SQLException {
        OptionalLong wake = min(sql, "SELECT MIN(wake_at) FROM runs WHERE wake_at IS NOT NULL");
        OptionalLong deadline = min(sql, "SELECT MIN(deadline_at) FROM runs WHERE deadline_at IS NOT NULL");
        OptionalLong schedule = min(sql, "SELECT MIN(next_fire_at) FROM schedules");
        return Stream.of(wake, deadline, schedule).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).min();
    }

    static OptionalLong nextRunTimer(Sql sql) throws SQLException {
        OptionalLong wake = min(sql, "SELECT MIN(wake_at) FROM runs WHERE wake_at IS NOT NULL");
        OptionalLong deadline = min(sql, "SELECT MIN(deadline_at) FROM runs WHERE deadline_at IS NOT NULL");
        return Stream.of(wake, deadline).filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).min();
    }

    static boolean anyRunnable(Sql sql) throws SQLException {
        try (ResultSet rs = sql.prepare("SELECT 1 FROM runs WHERE status IN ('PENDING', 'RUNNING') LIMIT 1").executeQuery()) {
            return rs.next();
        }
    }

    private static OptionalLong min(Sql sql, String query) throws SQLException {
        try (ResultSet rs = sql.prepare(query).executeQuery()) {
            if (rs.next()) {
                long at = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(at);
            }
            return OptionalLong.empty();
        }
    }
}
