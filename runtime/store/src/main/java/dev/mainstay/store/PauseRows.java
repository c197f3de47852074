package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Pause and resume, of one run ({@code runs.paused_at}) or of a whole workflow
 * ({@code components.paused_at}). A pause only marks: what keeps a paused run from running is the
 * claim ({@link RunWrites#claim}) and the pending scan ({@link RunQueries#pending}), which both skip
 * a paused run and every run of a paused component. So no node can dispatch one, whatever hint it
 * acts on, and a pause outlives any restart. A RUNNING run goes on until its holder gives it back.
 */
final class PauseRows {
    private PauseRows() {}

    /** See {@link JournalStore#pause}. */
    static RunRecord pause(Sql sql, String runId, String by, long nowMs) throws SQLException {
        RunRecord run = live(sql, runId);
        if (!run.paused()) {
            PreparedStatement ps = sql.prepare("UPDATE runs SET paused_at = ?, paused_by = ?, updated_at = ? WHERE id = ?");
            ps.setLong(1, nowMs);
            ps.setString(2, by);
            ps.setLong(3, nowMs);
            ps.setString(4, runId);
            ps.executeUpdate();
        }
        return Rows.run(sql, runId).orElseThrow();
    }

    /** See {@link JournalStore#resume}. */
    static RunRecord resume(Sql sql, String runId, long nowMs) throws SQLException {
        RunRecord run = live(sql, runId);
        if (run.paused()) {
            PreparedStatement ps = sql.prepare("UPDATE runs SET paused_at = NULL, paused_by = NULL, updated_at = ? WHERE id = ?");
            ps.setLong(1, nowMs);
            ps.setString(2, runId);
            ps.executeUpdate();
        }
        return Rows.run(sql, runId).orElseThrow();
    }

    private static RunRecord live(Sql sql, String runId) throws SQLException {
        RunRecord run = Rows.lockedRun(sql, runId)
                .orElseThrow(() -> new IllegalArgumentException("no run has id " + runId));
        if (run.status().isFinal()) {
            throw new RunAlreadyFinishedException(runId, run.status());
        }
        return run;
    }

    /** See {@link JournalStore#pauseComponent}: false when no worker ever registered it. */
    static boolean pauseComponent(Sql sql, String name, String by, long nowMs) throws SQLException {
        PreparedStatement ps = sql.prepare(
                "UPDATE components SET paused_at = COALESCE(paused_at, ?), paused_by = CASE WHEN paused_at IS NULL"
                        + " THEN ? ELSE paused_by END WHERE name = ?");
        ps.setLong(1, nowMs);
        ps.setString(2, by);
        ps.setString(3, name);
        return ps.executeUpdate() == 1;
    }

    /** See {@link JournalStore#resumeComponent}: false when no worker ever registered it. */
    static boolean resumeComponent(Sql sql, String name) throws SQLException {
        PreparedStatement ps = sql.prepare("UPDATE components SET paused_at = NULL, paused_by = NULL WHERE name = ?");
        ps.setString(1, name);
        return ps.executeUpdate() == 1;
    }

    /** The component's pause, if it is paused. */
    static Optional<Pause> componentPause(Sql sql, String name) throws SQLException {
        PreparedStatement ps = sql.prepare(
                "SELECT paused_at, paused_by FROM components WHERE name = ? AND paused_at IS NOT NULL");
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new Pause(rs.getLong(1), rs.getString(2))) : Optional.empty();
        }
    }

    /** Which of {@code runIds} are RUNNING and paused. */
    static java.util.Set<String> pausedRunning(Sql sql, java.util.List<String> runIds) throws SQLException {
        return RunQueries.runningWhere(sql, "paused_at IS NOT NULL", runIds);
    }
}
