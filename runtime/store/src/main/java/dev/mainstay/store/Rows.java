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
            idempotency_key, epoch, worker_id, created_at, updated_at, finished_at""";

    private Rows() {}

    static Optional<RunRecord> run(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?");
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
                finishedAt);
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
                entries.add(new JournalEntry(
                        rs.getInt("position"),
                        rs.getString("kind"),
                        rs.getString("name"),
                        "SUCCEEDED".equals(rs.getString("status")),
                        rs.getBytes("input"),
                        rs.getBytes("output"),
                        failure(rs),
                        rs.getInt("attempt"),
                        rs.getLong("started_at"),
                        rs.getLong("finished_at")));
            }
            return entries;
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
