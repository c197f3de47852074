package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Rate limits, decided at a run's first claim (epoch 0 → 1) inside the claim's transaction.
 *
 * <p>Each first claim of a run of a rate-limited workflow takes a slot: a row of {@code rate_slots}
 * with the claim's time, one per run (its primary key), so a replay or a re-dispatch after a crash,
 * being a later claim, never takes another. A claim is refused while the run's group already has
 * {@code count} slots newer than {@code now - window}; the refusal says when the slot that must leave
 * for a place to free (the count-th newest) leaves the window, so that the dispatcher can offer the
 * run again then, with no other event. Two nodes cannot both take the last place: on PostgreSQL the
 * component's row is locked first (the claim already locks the run's), on SQLite the one writer
 * serializes.
 *
 * <p>The table stays bounded: each admission prunes its group's slots that left the window, and
 * every slot older than the longest window (24 h) of any workflow, so rows of keys never seen again
 * and of workflows whose limit was lifted go too.
 */
final class RateRows {
    private RateRows() {}

    static void admit(Sql sql, RunRecord run, ComponentRecord component, long nowMs) throws SQLException {
        if (component == null || component.rateLimit() == null) {
            return;
        }
        if (!sql.dialect().forUpdate().isEmpty()) {
            PreparedStatement lock = sql.prepare("SELECT name FROM components WHERE name = ?" + sql.dialect().forUpdate());
            lock.setString(1, run.component());
            lock.executeQuery().close();
        }
        String key = key(sql, run.id());
        long windowMs = component.rateLimit().windowMs();
        prune(sql, run.component(), key, nowMs - windowMs, nowMs - dev.mainstay.protocol.RateLimit.MAX_WINDOW_MS);
        // the count-th newest slot in the window: while there is one, the group is full until it leaves
        PreparedStatement full = sql.prepare("""
                SELECT claimed_at FROM rate_slots
                WHERE component = ? AND rate_key = ? AND claimed_at > ?
                ORDER BY claimed_at DESC LIMIT 1 OFFSET ?""");
        full.setString(1, run.component());
        full.setString(2, key);
        full.setLong(3, nowMs - windowMs);
        full.setInt(4, component.rateLimit().count() - 1);
        try (ResultSet rs = full.executeQuery()) {
            if (rs.next()) {
                long retryAfter = Math.max(1, rs.getLong(1) + windowMs - nowMs);
                throw new RateLimitReachedException(run.id(), run.component(), key, component.rateLimit(), retryAfter);
            }
        }
        PreparedStatement take = sql.prepare("""
                INSERT INTO rate_slots (run_id, component, rate_key, claimed_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""");
        take.setString(1, run.id());
        take.setString(2, run.component());
        take.setString(3, key);
        take.setLong(4, nowMs);
        take.executeUpdate();
    }

    /** The run's rate group: its value of the rate key field, "" for one group (also for runs started before the limit). */
    private static String key(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT rate_key FROM runs WHERE id = ?");
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            String key = rs.next() ? rs.getString(1) : null;
            return key == null ? "" : key;
        }
    }

    private static void prune(Sql sql, String component, String key, long leftGroupAt, long leftAnyAt) throws SQLException {
        PreparedStatement group = sql.prepare("DELETE FROM rate_slots WHERE component = ? AND rate_key = ? AND claimed_at <= ?");
        group.setString(1, component);
        group.setString(2, key);
        group.setLong(3, leftGroupAt);
        group.executeUpdate();
        PreparedStatement any = sql.prepare("DELETE FROM rate_slots WHERE claimed_at <= ?");
        any.setLong(1, leftAnyAt);
        any.executeUpdate();
    }

    /** Slots in the table now (tests: the table stays bounded). */
    static int slots(Sql sql, String component) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT COUNT(*) FROM rate_slots WHERE component = ?");
        ps.setString(1, component);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
