package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes finished runs past their retention, with their journal, failed attempts, events, tags and attributes,
 * a bounded batch at a time so that one pass never holds the writer for long. A run is kept while an
 * agent session points at it (the session's history starts there) or while a child of its is live (the
 * child's outcome is delivered to it).
 */
final class RetentionRows {
    private static final List<String> OWNED = List.of("journal", "attempts", "events", "run_tags", "run_restarts",
            "run_attributes");

    private RetentionRows() {}

    static int deleteFinished(Sql sql, long finishedBeforeMs, int limit) throws SQLException {
        // a run finishes after its creation, so the id (creation time) bound only narrows the scan
        PreparedStatement pick = sql.prepare("""
                SELECT r.id FROM runs r
                WHERE r.status IN ('COMPLETED', 'FAILED', 'CANCELLED') AND r.id < ? AND r.finished_at < ?
                  AND NOT EXISTS (SELECT 1 FROM agent_sessions s WHERE s.last_run_id = r.id)
                  AND NOT EXISTS (SELECT 1 FROM runs c WHERE c.parent_id = r.id
                                  AND c.status NOT IN ('COMPLETED', 'FAILED', 'CANCELLED'))
                ORDER BY r.id LIMIT ?""");
        pick.setString(1, RunQueries.idBound(finishedBeforeMs + 1));
        pick.setLong(2, finishedBeforeMs);
        pick.setInt(3, limit);
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
}
