package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a claim decides on, read in one statement with the run's row locked: the run, its pinned
 * build and its component's current build, its component (with that component's pause), whether
 * a cancel was requested, and whether it has journal rows or failed attempts to send at all.
 *
 * <p>Why one statement: a claim runs on the single writer, and on a networked engine each
 * statement is a round trip; read one by one, these were eight of a fresh run's claim.
 */
record ClaimRead(RunRecord run, String pinnedBuild, String currentBuild, ComponentRecord component,
                 boolean componentPaused, boolean cancelRequested, boolean hasJournal, boolean hasAttempts) {

    private static final String SELECT = "SELECT " + prefixed(Rows.RUN_COLUMNS, "r.", "") + """
            , r.build_id AS pinned_build, r.cancel_requested,
              EXISTS (SELECT 1 FROM journal j WHERE j.run_id = r.id) AS has_journal,
              EXISTS (SELECT 1 FROM attempts a WHERE a.run_id = r.id) AS has_attempts,
              (SELECT b.build_id FROM builds b WHERE b.component = r.component
               ORDER BY b.chosen_at DESC, b.build_id DESC LIMIT 1) AS current_build,
              c.paused_at AS c_paused_at,
            """ + prefixed(Rows.COMPONENT_COLUMNS, "c.", "c_") + """

            FROM runs r LEFT JOIN components c ON c.name = r.component
            WHERE r.id = ?""";

    /** The columns of {@code list}, each as {@code table.column} (labelled {@code label + column} when a label is given). */
    private static String prefixed(String list, String table, String label) {
        return Arrays.stream(list.split(",")).map(String::strip)
                .map(column -> table + column + (label.isEmpty() ? "" : " AS " + label + column))
                .collect(Collectors.joining(", "));
    }

    static Optional<ClaimRead> locked(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare(SELECT + sql.dialect().forUpdateOf("r"));
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            RunRecord run = Rows.run(rs);
            rs.getLong("c_paused_at");
            boolean componentPaused = !rs.wasNull();
            int componentColumn = rs.findColumn("c_name");
            ComponentRecord component = rs.getString(componentColumn) == null ? null : Rows.component(rs, componentColumn);
            return Optional.of(new ClaimRead(run, rs.getString("pinned_build"), rs.getString("current_build"), component,
                    componentPaused, rs.getInt("cancel_requested") == 1, rs.getBoolean("has_journal"),
                    rs.getBoolean("has_attempts")));
        }
    }
}
