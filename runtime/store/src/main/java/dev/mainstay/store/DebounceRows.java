package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Debounced starts, in one write each: the run of the component that still waits under the key (a
 * SUSPENDED run never claimed, found through the unique index {@code runs_debouncing}) takes the new
 * input and waits a window longer, up to its longest delay; with none waiting, a new run waits.
 */
final class DebounceRows {
    private DebounceRows() {}

    static StartResult start(Sql sql, NewRun run, Debounce debounce) throws SQLException {
        for (int tries = 0; tries < 2; tries++) {
            String waiting = waiting(sql, run.component(), debounce.key());
            if (waiting != null && replace(sql, waiting, run, debounce)) {
                return new StartResult(Rows.run(sql, waiting).orElseThrow(), false);
            }
            if (RunWrites.insertRun(sql, run, null, null, debounce)) {
                return new StartResult(Rows.run(sql, run.id()).orElseThrow(), true);
            }
            // another node's start took the key between the read and the insert: replace its input instead
        }
        throw new IllegalStateException("debounce key " + debounce.key() + " of " + run.component()
                + " changed hands twice during one start");
    }

    private static String waiting(Sql sql, String component, String key) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT id FROM runs WHERE component = ? AND debounce_key = ?"
                + " AND status = 'SUSPENDED' AND epoch = 0");
        ps.setString(1, component);
        ps.setString(2, key);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** False when the run stopped waiting meanwhile (its window ended, or it was cancelled). */
    private static boolean replace(Sql sql, String runId, NewRun run, Debounce debounce) throws SQLException {
        long wake = run.createdAtMs() + debounce.windowMs();
        PreparedStatement ps = sql.prepare("""
                UPDATE runs SET input = ?, concurrency_key = ?, rate_key = ?, updated_at = ?,
                                wake_at = CASE WHEN debounce_until < ? THEN debounce_until ELSE ? END
                WHERE id = ? AND status = 'SUSPENDED' AND epoch = 0""");
        ps.setBytes(1, run.input());
        ps.setString(2, run.concurrencyKey());
        ps.setString(3, run.rateKey());
        ps.setLong(4, run.createdAtMs());
        ps.setLong(5, wake);
        ps.setLong(6, wake);
        ps.setString(7, runId);
        return ps.executeUpdate() == 1;
    }
}
