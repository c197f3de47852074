package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The two ways a run is cancelled: at once when no worker holds it, by request when one does. */
final class Cancels {
    private Cancels() {}

    static boolean requested(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT cancel_requested FROM runs WHERE id = ?");
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    /** Records who asked first (a token id; null: the runtime itself): later requests do not replace it. */
    static void by(Sql sql, String runId, String by) throws SQLException {
        if (by == null) {
            return;
        }
        PreparedStatement who = sql.prepare("UPDATE runs SET cancelled_by = ? WHERE id = ? AND cancelled_by IS NULL");
        who.setString(1, by);
        who.setString(2, runId);
        who.executeUpdate();
    }

    /** Its worker sees the request at the run's next ctx operation. */
    static void request(Sql sql, String runId, long nowMs) throws SQLException {
        PreparedStatement request = sql.prepare("UPDATE runs SET cancel_requested = 1, updated_at = ? WHERE id = ?");
        request.setLong(1, nowMs);
        request.setString(2, runId);
        request.executeUpdate();
    }

    /** Ends the run CANCELLED, fenced (epoch + 1) so that nothing its last holder sends is taken. */
    static void now(Sql sql, String runId, String why, long nowMs) throws SQLException {
        PreparedStatement cancel = sql.prepare("""
                UPDATE runs SET status = 'CANCELLED', cancel_requested = 1, error_code = 'CANCELLED',
                                error_message = ?, epoch = epoch + 1, worker_id = NULL,
                                wake_at = NULL, deadline_at = NULL, updated_at = ?, finished_at = ?
                WHERE id = ?""");
        cancel.setString(1, why);
        cancel.setLong(2, nowMs);
        cancel.setLong(3, nowMs);
        cancel.setString(4, runId);
        cancel.executeUpdate();
    }
}
