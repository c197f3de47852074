package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The builds of each component and the pinning of runs to them.
 *
 * <p>A component's current build is the one chosen last: {@code chosen_at} is set when a build first
 * registers (so by default the newest build is current) and again when it is promoted. Rollback
 * promotes the build chosen before the current one. A run never claimed goes to the current build;
 * its first claim pins it ({@code runs.build_id}) to the claimant's build for good. A run of an
 * {@link UpgradeMode#LATEST} component is treated at every claim as one never claimed: it goes to
 * the current build, and the claim re-pins it there ({@code build_id} is then the build that ran it last).
 */
final class Builds {
    private Builds() {}

    /** Records {@code buildId} for each component, first time only: a build seen before keeps its place. */
    static void register(Sql sql, Collection<String> components, String buildId, long nowMs) throws SQLException {
        for (String component : components) {
            long chosen = Math.max(nowMs, lastChosen(sql, component) + 1);
            PreparedStatement ps = sql.prepare("""
                    INSERT INTO builds (component, build_id, first_seen_at, chosen_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (component, build_id) DO NOTHING""");
            ps.setString(1, component);
            ps.setString(2, buildId);
            ps.setLong(3, nowMs);
            ps.setLong(4, chosen);
            ps.executeUpdate();
        }
    }

    private static long lastChosen(Sql sql, String component) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT MAX(chosen_at) FROM builds WHERE component = ?");
        ps.setString(1, component);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** The component's current build, or empty when no worker with a build registered it. */
    static Optional<String> current(Sql sql, String component) throws SQLException {
        PreparedStatement ps = sql.prepare(
                "SELECT build_id FROM builds WHERE component = ? ORDER BY chosen_at DESC, build_id DESC LIMIT 1");
        ps.setString(1, component);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /** The build a run is pinned to, or empty when it was never claimed by a worker with a build. */
    static Optional<String> pinned(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT build_id FROM runs WHERE id = ?");
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
    }

    /**
     * Checked inside a claim: a pinned run goes only to its build ({@code pinned}), an unpinned one
     * (or any run of a LATEST component) only to the component's {@code current} build (any build,
     * if none is recorded). A null {@code buildId} (a caller that knows no builds) passes.
     * {@code latest}: see {@link #latest}.
     */
    static void check(RunRecord run, String pinned, String current, String buildId, boolean latest) {
        if (buildId == null) {
            return;
        }
        if (pinned != null && !latest) {
            if (!pinned.equals(buildId)) {
                throw new WrongBuildException(run.id(), run.component(), pinned, true, buildId);
            }
            return;
        }
        if (current != null && !current.equals(buildId)) {
            throw new WrongBuildException(run.id(), run.component(), current, false, buildId);
        }
    }

    /** See {@link JournalStore#neededBuild}: what {@link #check} would let claim the run now. */
    static Optional<String> needed(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT component, build_id FROM runs WHERE id = ?");
        ps.setString(1, runId);
        String component;
        String pinned;
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            component = rs.getString(1);
            pinned = rs.getString(2);
        }
        return pinned != null && !latest(sql, component) ? Optional.of(pinned) : current(sql, component);
    }

    /** True when {@code component} moves its runs to the current build ({@link UpgradeMode#LATEST}). */
    static boolean latest(Sql sql, String component) throws SQLException {
        return Rows.component(sql, component).map(c -> c.upgrade() == UpgradeMode.LATEST).orElse(false);
    }

    /**
     * The assignment a claim's update adds to pin the run to {@code buildId} (one parameter), unless
     * it is pinned already or the claimant knows no builds (then none); a run of a LATEST component
     * is re-pinned to the build that claims it.
     */
    static String pinning(String buildId, boolean latest) {
        if (buildId == null) {
            return "";
        }
        return latest ? ", build_id = ?" : ", build_id = COALESCE(build_id, ?)";
    }

    /** Makes {@code buildId} the component's current build; false when no worker of it registered the component. */
    static boolean promote(Sql sql, String component, String buildId, long nowMs) throws SQLException {
        PreparedStatement ps = sql.prepare("UPDATE builds SET chosen_at = ? WHERE component = ? AND build_id = ?");
        ps.setLong(1, Math.max(nowMs, lastChosen(sql, component) + 1));
        ps.setString(2, component);
        ps.setString(3, buildId);
        return ps.executeUpdate() == 1;
    }

    /** Promotes the build chosen before the current one; empty (nothing written) when there is none. */
    static Optional<String> rollback(Sql sql, String component, long nowMs) throws SQLException {
        PreparedStatement ps = sql.prepare("""
                SELECT build_id FROM builds WHERE component = ? ORDER BY chosen_at DESC, build_id DESC LIMIT 2""");
        ps.setString(1, component);
        List<String> lastTwo = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                lastTwo.add(rs.getString(1));
            }
        }
        if (lastTwo.size() < 2) {
            return Optional.empty();
        }
        promote(sql, component, lastTwo.get(1), nowMs);
        return Optional.of(lastTwo.get(1));
    }

    /** The component's builds, newest first, with their live and ended runs. */
    static List<BuildRecord> list(Sql sql, String component) throws SQLException {
        Map<String, long[]> runs = new HashMap<>();
        PreparedStatement counts = sql.prepare("""
                SELECT build_id, status IN ('PENDING', 'RUNNING', 'SUSPENDED'), COUNT(*) FROM runs
                WHERE component = ? AND build_id IS NOT NULL GROUP BY build_id, status IN ('PENDING', 'RUNNING', 'SUSPENDED')""");
        counts.setString(1, component);
        try (ResultSet rs = counts.executeQuery()) {
            while (rs.next()) {
                runs.computeIfAbsent(rs.getString(1), b -> new long[2])[rs.getBoolean(2) ? 0 : 1] += rs.getLong(3);
            }
        }
        String current = current(sql, component).orElse(null);
        PreparedStatement ps = sql.prepare("""
                SELECT build_id, first_seen_at, chosen_at FROM builds WHERE component = ?
                ORDER BY first_seen_at DESC, build_id DESC""");
        ps.setString(1, component);
        List<BuildRecord> builds = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String build = rs.getString(1);
                long[] n = runs.getOrDefault(build, new long[2]);
                builds.add(new BuildRecord(component, build, rs.getLong(2), rs.getLong(3), build.equals(current),
                        builds.isEmpty(), n[0], n[1]));
            }
        }
        return builds;
    }
}
