package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A run's durable inbox of events: kept in arrival order, de-duplicated by event id. */
final class Inbox {
    private Inbox() {}

    record Delivered(boolean duplicate, boolean woke) {}

    /** See {@link JournalStore#eventSenders}. */
    static java.util.Map<Integer, String> senders(Sql sql, String runId, int fromPosition, int toPosition)
            throws SQLException {
        PreparedStatement ps = sql.prepare("""
                SELECT consumed_at, sent_by FROM events
                WHERE run_id = ? AND consumed_at BETWEEN ? AND ? AND sent_by IS NOT NULL""");
        ps.setString(1, runId);
        ps.setInt(2, fromPosition);
        ps.setInt(3, toPosition);
        java.util.Map<Integer, String> senders = new java.util.HashMap<>();
        try (java.sql.ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                senders.put(rs.getInt(1), rs.getString(2));
            }
        }
        return senders;
    }

    /** As {@link #deliver(Sql, String, String, String, byte[], String, long, int)}, unbounded: for the runtime's own events. */
    static Delivered deliver(Sql sql, String runId, String name, String eventId, byte[] payload, long nowMs)
            throws SQLException {
        return deliver(sql, runId, name, eventId, payload, null, nowMs, Integer.MAX_VALUE);
    }

    /**
     * Adds an event and wakes the run when it waits for that name. Null when the run has ended
     * (nothing is kept for it). Refused with {@link LimitExceededException} when the run already
     * holds {@code maxUnconsumed} events it has not taken.
     */
    static Delivered deliver(Sql sql, String runId, String name, String eventId, byte[] payload, String sentBy,
                             long nowMs, int maxUnconsumed) throws SQLException {
        RunRecord run = Rows.lockedRun(sql, runId).orElse(null);
        if (run == null || run.status().isFinal()) {
            return null;
        }
        if (maxUnconsumed < Integer.MAX_VALUE) {
            PreparedStatement count = sql.prepare("SELECT COUNT(*) FROM events WHERE run_id = ? AND consumed_at IS NULL");
            count.setString(1, runId);
            try (java.sql.ResultSet rs = count.executeQuery()) {
                if (rs.next() && rs.getLong(1) >= maxUnconsumed) {
                    throw new LimitExceededException("run " + runId + " already holds " + rs.getLong(1) + " events it"
                            + " has not taken, the limit (--max-inbox-events); event " + eventId + " was not stored");
                }
            }
        }
        PreparedStatement insert = sql.prepare("""
                INSERT INTO events (run_id, event_id, name, payload, received_at, sent_by) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (run_id, event_id) DO NOTHING""");
        insert.setString(1, runId);
        insert.setString(2, eventId);
        insert.setString(3, name);
        insert.setBytes(4, payload);
        insert.setLong(5, nowMs);
        insert.setString(6, sentBy);
        boolean duplicate = insert.executeUpdate() == 0;
        PreparedStatement wake = sql.prepare("""
                UPDATE runs SET status = 'PENDING', wake_at = NULL, updated_at = ?
                WHERE id = ? AND status = 'SUSPENDED' AND waiting_for = ?""");
        wake.setLong(1, nowMs);
        wake.setString(2, runId);
        wake.setString(3, name);
        return new Delivered(duplicate, !duplicate && wake.executeUpdate() == 1);
    }
}
