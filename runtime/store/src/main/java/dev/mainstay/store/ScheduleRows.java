package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The schedules table: writes on the writer, reads on the read pool. */
final class ScheduleRows {
    private static final String COLUMNS = """
            SELECT id, workflow, cron, interval_ms, time_zone, input, misfire, origin, next_fire_at, last_fired_at, created_at
            FROM schedules""";

    private ScheduleRows() {}

    /** Creates or replaces a schedule; a new one is refused once the store holds {@code maxSchedules}. */
    static void put(Sql sql, ScheduleRecord schedule, int maxSchedules, long nowMs) throws SQLException {
        if (find(sql, schedule.id()).isEmpty()) {
            try (ResultSet rs = sql.prepare("SELECT COUNT(*) FROM schedules").executeQuery()) {
                if (rs.next() && rs.getLong(1) >= maxSchedules) {
                    throw new LimitExceededException("the runtime already holds " + rs.getLong(1) + " schedules, the"
                            + " limit (--max-schedules); delete one before creating schedule " + schedule.id());
                }
            }
        }
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
        ps.setLong(11, nowMs);
        ps.executeUpdate();
    }

    static boolean delete(Sql sql, String id) throws SQLException {
        PreparedStatement ps = sql.prepare("DELETE FROM schedules WHERE id = ?");
        ps.setString(1, id);
        return ps.executeUpdate() == 1;
    }

    static Optional<ScheduleRecord> find(Sql sql, String id) throws SQLException {
        PreparedStatement ps = sql.prepare(COLUMNS + " WHERE id = ?");
        ps.setString(1, id);
        return Rows.schedules(ps).stream().findFirst();
    }

    static List<ScheduleRecord> all(Sql sql) throws SQLException {
        return Rows.schedules(sql.prepare(COLUMNS + " ORDER BY id"));
    }

    static List<ScheduleRecord> due(Sql sql, long nowMs, int limit) throws SQLException {
        PreparedStatement ps = sql.prepare(COLUMNS + " WHERE next_fire_at <= ? ORDER BY next_fire_at LIMIT ?");
        ps.setLong(1, nowMs);
        ps.setInt(2, limit);
        return Rows.schedules(ps);
    }

    static boolean advance(Sql sql, String id, long expectedNextFireAtMs, long nextFireAtMs, Long firedAtMs, long nowMs)
            throws SQLException {
        PreparedStatement ps = sql.prepare("""
                UPDATE schedules SET next_fire_at = ?, last_fired_at = COALESCE(?, last_fired_at), updated_at = ?
                WHERE id = ? AND next_fire_at = ?""");
        ps.setLong(1, nextFireAtMs);
        ps.setObject(2, firedAtMs);
        ps.setLong(3, nowMs);
        ps.setString(4, id);
        ps.setLong(5, expectedNextFireAtMs);
        return ps.executeUpdate() == 1;
    }
}
