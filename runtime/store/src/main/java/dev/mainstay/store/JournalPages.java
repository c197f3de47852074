package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's journal read a page at a time: the entries after a position, by position, at most a
 * limit. Readers that follow a run (the API's journal pages, an event stream) then read what is
 * new, not the whole journal again, and never hold more than a page.
 */
final class JournalPages {
    private JournalPages() {}

    static List<JournalEntry> after(Sql sql, String runId, int afterPosition, int limit) throws SQLException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit was " + limit + "; use at least 1");
        }
        PreparedStatement ps = sql.prepare("""
                SELECT position, kind, name, status, input, output, error_code, error_type, error_message,
                       error_stack, attempt, started_at, finished_at
                FROM journal WHERE run_id = ? AND position > ? ORDER BY position LIMIT ?""");
        ps.setString(1, runId);
        ps.setInt(2, afterPosition);
        ps.setInt(3, limit);
        try (ResultSet rs = ps.executeQuery()) {
            List<JournalEntry> entries = new ArrayList<>();
            while (rs.next()) {
                entries.add(Rows.entry(rs));
            }
            return entries;
        }
    }
}
