package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Restart from a step: one write creates the new run, copies the original's journal entries before
 * the position, counts them against the new run's bound and links the two. The original is read
 * again inside the write, so a run that is no longer (or not yet) finished is refused there too.
 */
final class RestartRows {
    private RestartRows() {}

    static StartResult restart(Sql sql, String originalId, int fromPosition, NewRun run) throws SQLException {
        RunRecord original = Rows.run(sql, originalId)
                .orElseThrow(() -> new IllegalArgumentException("run " + originalId + " does not exist"));
        if (!original.status().isFinal()) {
            throw new RunNotFinishedException(originalId, original.status());
        }
        int last = lastPosition(sql, originalId);
        if (fromPosition < 1 || fromPosition > last + 1) {
            throw new IllegalArgumentException("fromPosition " + fromPosition + " is outside 1.." + (last + 1)
                    + " (run " + originalId + " journaled up to position " + last + ")");
        }
        StartResult started = RunWrites.start(sql, run);
        if (!started.created()) {
            return started; // its idempotency key named a run already: nothing copied again
        }
        PreparedStatement copy = sql.prepare("""
                INSERT INTO journal (run_id, position, kind, name, status, input, output, error_code, error_type,
                                     error_message, error_stack, attempt, epoch, started_at, finished_at)
                SELECT ?, position, kind, name, status, input, output, error_code, error_type,
                       error_message, error_stack, attempt, 0, started_at, finished_at
                FROM journal WHERE run_id = ? AND position < ?""");
        copy.setString(1, run.id());
        copy.setString(2, originalId);
        copy.setInt(3, fromPosition);
        copy.executeUpdate();
        AttributeRows.fromCopiedJournal(sql, run.id());
        // the copied rows count against the new run's bound as if journaled (within the original's, so they fit)
        PreparedStatement count = sql.prepare("UPDATE runs SET journal_entries = (SELECT COUNT(*) FROM journal j"
                + " WHERE j.run_id = runs.id), journal_bytes = (SELECT COALESCE(SUM(" + JournalBounds.ROW_BYTES_SQL + "), 0)"
                + " FROM journal j WHERE j.run_id = runs.id) WHERE id = ?");
        count.setString(1, run.id());
        count.executeUpdate();
        PreparedStatement link = sql.prepare(
                "INSERT INTO run_restarts (run_id, restarted_from, from_position) VALUES (?, ?, ?)");
        link.setString(1, run.id());
        link.setString(2, originalId);
        link.setInt(3, fromPosition);
        link.executeUpdate();
        return started;
    }

    /** The highest journaled position of the run, 0 when it journaled nothing. */
    static int lastPosition(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT COALESCE(MAX(position), 0) FROM journal WHERE run_id = ?");
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static Optional<String> restartedFrom(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT restarted_from FROM run_restarts WHERE run_id = ?");
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    static List<String> restarts(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT run_id FROM run_restarts WHERE restarted_from = ? ORDER BY run_id");
        ps.setString(1, runId);
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
