package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The reads of the API and the overview, on a pooled read connection (never on the writer). */
final class RunQueries {
    private RunQueries() {}

    static RunPage runs(Sql sql, RunQuery query) throws SQLException {
        StringBuilder text = new StringBuilder("SELECT " + Rows.RUN_COLUMNS + " FROM runs WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (query.component() != null) {
            text.append(" AND component = ?");
            args.add(query.component());
        }
        if (query.componentPrefix() != null) {
            // substr, not LIKE: LIKE is case-blind in SQLite and treats _ and % in a name as patterns
            text.append(" AND substr(component, 1, ?) = ?");
            args.add(query.componentPrefix().length());
            args.add(query.componentPrefix());
        }
        if (query.status() != null) {
            text.append(" AND status = ?");
            args.add(query.status().name());
        }
        if (query.paused() != null) {
            // a paused run shows as PAUSED while no worker holds it (see RunRecord#paused)
            text.append(query.paused() ? " AND paused_at IS NOT NULL AND status IN ('PENDING', 'SUSPENDED')"
                    : " AND (paused_at IS NULL OR status NOT IN ('PENDING', 'SUSPENDED'))");
        }
        if (query.afterId() != null) {
            text.append(" AND id < ?");
            args.add(query.afterId());
        }
        // ids are UUIDv7: their text sorts by creation millisecond, so a time range is an id range
        if (query.createdFromMs() != null) {
            text.append(" AND id >= ?");
            args.add(idBound(query.createdFromMs()));
        }
        if (query.createdToMs() != null) {
            text.append(" AND id < ?");
            args.add(idBound(query.createdToMs()));
        }
        if (query.idempotencyKey() != null) {
            text.append(" AND idempotency_key = ?");
            args.add(query.idempotencyKey());
        }
        if (query.tag() != null) {
            text.append(" AND id IN (SELECT run_id FROM run_tags WHERE tag = ?)");
            args.add(query.tag());
        }
        AttributeRows.where(text, args, query.attributes());
        text.append(" ORDER BY id DESC LIMIT ?");
        args.add(query.limit() + 1);
        PreparedStatement ps = sql.prepare(text.toString());
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
        List<RunRecord> runs = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                runs.add(Rows.run(rs));
            }
        }
        if (runs.size() > query.limit()) {
            runs.remove(runs.size() - 1);
            return new RunPage(runs, runs.get(runs.size() - 1).id());
        }
        return new RunPage(runs, null);
    }

    static List<RunRecord> liveRuns(Sql sql) throws SQLException {
        PreparedStatement ps = sql.prepare(
                "SELECT " + Rows.RUN_COLUMNS + " FROM runs WHERE status IN ('PENDING', 'RUNNING') ORDER BY priority DESC, id");
        List<RunRecord> runs = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                runs.add(Rows.run(rs));
            }
        }
        return runs;
    }

    /** The smallest UUIDv7 text of a millisecond: every id created at or after it sorts at or after it. */
    static String idBound(long millis) {
        String hex = String.format("%012x", Math.max(0, Math.min(millis, 0xFFFF_FFFF_FFFFL)));
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-0000-0000-000000000000";
    }

    static Optional<String> traceParent(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT trace_parent FROM runs WHERE id = ?");
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
    }

    static Optional<AgentSession> agentSession(Sql sql, String agent, String sessionId) throws SQLException {
        PreparedStatement ps = sql.prepare("""
                SELECT last_run_id, created_at, updated_at FROM agent_sessions WHERE agent = ? AND session_id = ?""");
        ps.setString(1, agent);
        ps.setString(2, sessionId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next()
                    ? Optional.of(new AgentSession(agent, sessionId, rs.getString(1), rs.getLong(2), rs.getLong(3)))
                    : Optional.empty();
        }
    }

    /**
     * Bounded by run id (creation time), not by finish time: that is a primary-key range on both
     * tables, where a finish-time bound would need an index that every append pays for. A step of a
     * run created before {@code sinceMs} is therefore not counted. With {@code componentPrefix}, only
     * runs whose component starts with it (one namespace's).
     */
    static RunStats stats(Sql sql, long sinceMs, String componentPrefix) throws SQLException {
        String bound = idBound(sinceMs);
        Map<RunStatus, Long> byStatus = new EnumMap<>(RunStatus.class);
        String ofPrefix = componentPrefix == null ? "" : " AND substr(component, 1, ?) = ?";
        PreparedStatement counts = sql.prepare("SELECT status, COUNT(*) FROM runs WHERE id >= ?" + ofPrefix + " GROUP BY status");
        bindBoundAndPrefix(counts, bound, componentPrefix);
        try (ResultSet rs = counts.executeQuery()) {
            while (rs.next()) {
                byStatus.put(RunStatus.valueOf(rs.getString(1)), rs.getLong(2));
            }
        }
        List<Long> durations = new ArrayList<>();
        PreparedStatement steps = sql.prepare(componentPrefix == null
                ? "SELECT finished_at - started_at FROM journal WHERE run_id >= ? AND kind IN ('step', 'call')"
                : """
                SELECT j.finished_at - j.started_at FROM journal j JOIN runs r ON r.id = j.run_id
                WHERE j.run_id >= ? AND substr(r.component, 1, ?) = ? AND j.kind IN ('step', 'call')""");
        bindBoundAndPrefix(steps, bound, componentPrefix);
        try (ResultSet rs = steps.executeQuery()) {
            while (rs.next()) {
                durations.add(rs.getLong(1));
            }
        }
        return new RunStats(sinceMs, byStatus, durations);
    }

    private static void bindBoundAndPrefix(PreparedStatement ps, String bound, String componentPrefix) throws SQLException {
        ps.setString(1, bound);
        if (componentPrefix != null) {
            ps.setInt(2, componentPrefix.length());
            ps.setString(3, componentPrefix);
        }
    }

    /**
     * PENDING runs of {@code components}, highest priority first, oldest first within one priority; with {@code builds}, only those a worker of
     * one of them may claim: pinned to one of them, or never claimed (or of a LATEST component) while
     * one of them is current. Each comes with the build it needs: its pinned one, or the current one
     * for a LATEST component's run (whichever build ran it last).
     */
    static List<ReadyRun> pending(Sql sql, java.util.Collection<String> components, java.util.Collection<String> builds,
                                  int limit) throws SQLException {
        String current = "(SELECT b.build_id FROM builds b WHERE b.component = r.component"
                + " ORDER BY b.chosen_at DESC, b.build_id DESC LIMIT 1)";
        String latest = "COALESCE(c.upgrade, 'PINNED') = 'LATEST'";
        PreparedStatement ps = sql.prepare("SELECT r.id, r.component, CASE WHEN " + latest + " THEN " + current
                + " ELSE r.build_id END, r.priority FROM runs r LEFT JOIN components c ON c.name = r.component"
                + " WHERE r.status = 'PENDING' AND r.paused_at IS NULL AND c.paused_at IS NULL"
                + " AND r.component IN (" + marks(components.size()) + ")"
                + (builds == null ? "" : " AND ((r.build_id IN (" + marks(builds.size()) + ") AND NOT " + latest + ")"
                        // never claimed, or free to move: only if its component's current build is one of them (or it has none)
                        + " OR ((r.build_id IS NULL OR " + latest + ") AND COALESCE(" + current + ", '') IN ('', "
                        + marks(builds.size()) + ")))")
                + " ORDER BY r.priority DESC, r.id LIMIT ?");
        int i = 1;
        for (String component : components) {
            ps.setString(i++, component);
        }
        if (builds != null) {
            for (int twice = 0; twice < 2; twice++) {
                for (String build : builds) {
                    ps.setString(i++, build);
                }
            }
        }
        ps.setInt(i, limit);
        List<ReadyRun> ready = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ready.add(new ReadyRun(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
            }
        }
        return ready;
    }

    /** Which of {@code runIds} are RUNNING with a cancel requested. */
    static java.util.Set<String> cancelRequested(Sql sql, List<String> runIds) throws SQLException {
        return runningWhere(sql, "cancel_requested = 1", runIds);
    }

    /** Which of {@code runIds} are RUNNING and meet {@code condition} (a constant SQL condition). */
    static java.util.Set<String> runningWhere(Sql sql, String condition, List<String> runIds) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT id FROM runs WHERE status = 'RUNNING' AND " + condition
                + " AND id IN (" + marks(runIds.size()) + ")");
        for (int i = 0; i < runIds.size(); i++) {
            ps.setString(i + 1, runIds.get(i));
        }
        java.util.Set<String> found = new java.util.HashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        }
        return found;
    }

    /** PENDING runs by component. */
    static java.util.Map<String, Integer> pendingCounts(Sql sql) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT component, COUNT(*) FROM runs WHERE status = 'PENDING' GROUP BY component");
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        }
        return counts;
    }

    static String marks(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }
}
