package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deletes finished runs past their retention (their workflow's own, else the runtime's), with their journal, failed attempts, events, tags and attributes,
 * a bounded batch at a time so that one pass never holds the writer for long. A run is kept while an
 * agent session points at it (the session's history starts there) or while a child of its is live (the
 * child's outcome is delivered to it).
 */
final class RetentionRows {
    private static final List<String> OWNED = List.of("journal", "attempts", "events", "run_tags", "run_restarts",
            "run_attributes");

    private RetentionRows() {}

    /** See {@link JournalStore#deleteFinishedRuns}. */
    static int deleteFinished(Sql sql, Long defaultKeepMs, long nowMs, int limit) throws SQLException {
        Long shortest = shortestOwnRetention(sql);
        if (defaultKeepMs == null && shortest == null) {
            return 0;
        }
        // no run of any workflow is due unless it finished before the latest of the cut-offs
        long latestCutoff = Math.max(defaultKeepMs == null ? Long.MIN_VALUE : nowMs - defaultKeepMs,
                shortest == null ? Long.MIN_VALUE : nowMs - shortest);
        // a run finishes after its creation, so the id (creation time) bound only narrows the scan
        PreparedStatement pick = sql.prepare("""
                SELECT r.id FROM runs r LEFT JOIN components c ON c.name = r.component
                WHERE r.status IN ('COMPLETED', 'FAILED', 'CANCELLED') AND r.id < ?
                  AND r.finished_at < CASE WHEN c.retention_ms IS NOT NULL THEN ? - c.retention_ms ELSE ? END
                  AND NOT EXISTS (SELECT 1 FROM agent_sessions s WHERE s.last_run_id = r.id)
                  AND NOT EXISTS (SELECT 1 FROM runs c2 WHERE c2.parent_id = r.id
                                  AND c2.status NOT IN ('COMPLETED', 'FAILED', 'CANCELLED'))
                ORDER BY r.id LIMIT ?""");
        pick.setString(1, RunQueries.idBound(latestCutoff + 1));
        pick.setLong(2, nowMs);
        pick.setLong(3, defaultKeepMs == null ? Long.MIN_VALUE : nowMs - defaultKeepMs);
        pick.setInt(4, limit);
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = pick.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        for (String id : ids) {
            for (String table : OWNED) {
                PreparedStatement owned = sql.prepare("DELETE FROM " + table + " WHERE run_id = ?");
                owned.setString(1, id);
                owned.executeUpdate();
            }
            PreparedStatement run = sql.prepare("DELETE FROM runs WHERE id = ?");
            run.setString(1, id);
            run.executeUpdate();
        }
        return ids.size();
    }

    static Long shortestOwnRetention(Sql sql) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT MIN(retention_ms) FROM components");
        try (ResultSet rs = ps.executeQuery()) {
            long shortest = rs.next() ? rs.getLong(1) : 0;
            return rs.wasNull() ? null : shortest;
        }
    }

    /** See {@link JournalStore#setRetention}. */
    static boolean setRetention(Sql sql, String component, Long keepMs) throws SQLException {
        PreparedStatement ps = sql.prepare("UPDATE components SET retention_ms = ? WHERE name = ?");
        ps.setObject(1, keepMs);
        ps.setString(2, component);
        return ps.executeUpdate() == 1;
    }

    /** See {@link JournalStore#retention}. */
    static Optional<Long> retention(Sql sql, String component) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT retention_ms FROM components WHERE name = ?");
        ps.setString(1, component);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            long keep = rs.getLong(1);
            return rs.wasNull() ? Optional.empty() : Optional.of(keep);
        }
    }
}
