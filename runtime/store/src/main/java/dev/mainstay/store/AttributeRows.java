package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Search attributes: one row per run and name in {@code run_attributes}, written by the journal
 * write of the entry that sets it ({@link JournalWrites#insertEntry}), so there is never an entry
 * without its attribute or the reverse. Setting a name again overwrites its value; a run holds at
 * most {@value RunAttribute#MAX_PER_RUN} names.
 */
final class AttributeRows {
    private AttributeRows() {}

    /** Writes the attribute of an entry of kind {@value RunAttribute#ENTRY_KIND}; other entries write nothing. */
    static void entryInserted(Sql sql, String runId, JournalEntry entry) throws SQLException {
        if (setsAttribute(entry)) {
            set(sql, runId, RunAttribute.fromEntry(entry));
        }
    }

    /** Whether journaling {@code entry} also sets one of the run's search attributes. */
    static boolean setsAttribute(JournalEntry entry) {
        return entry.succeeded() && RunAttribute.ENTRY_KIND.equals(entry.kind());
    }

    static void set(Sql sql, String runId, RunAttribute attribute) throws SQLException {
        PreparedStatement count = sql.prepare("SELECT COUNT(*), SUM(CASE WHEN name = ? THEN 1 ELSE 0 END)"
                + " FROM run_attributes WHERE run_id = ?");
        count.setString(1, attribute.name());
        count.setString(2, runId);
        try (ResultSet rs = count.executeQuery()) {
            rs.next();
            if (rs.getInt(1) >= RunAttribute.MAX_PER_RUN && rs.getInt(2) == 0) {
                throw new LimitExceededException("run " + runId + " already has " + RunAttribute.MAX_PER_RUN
                        + " search attributes, the most a run may have; attribute '" + attribute.name()
                        + "' was not set (set fewer names, or overwrite one)");
            }
        }
        PreparedStatement upsert = sql.prepare("""
                INSERT INTO run_attributes (run_id, name, kind, text_value, num_value) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (run_id, name) DO UPDATE SET kind = excluded.kind, text_value = excluded.text_value,
                                                         num_value = excluded.num_value""");
        upsert.setString(1, runId);
        upsert.setString(2, attribute.name());
        upsert.setString(3, attribute.kind().wire());
        upsert.setString(4, attribute.text());
        upsert.setObject(5, attribute.number());
        upsert.executeUpdate();
    }

    /** The run's attributes, by name. */
    static List<RunAttribute> of(Sql sql, String runId) throws SQLException {
        return ofRuns(sql, List.of(runId)).stream().map(java.util.Map.Entry::getValue).toList();
    }

    /** The attributes of {@code runIds} (a bounded list), each with its run's id, by run and name. */
    static List<java.util.Map.Entry<String, RunAttribute>> ofRuns(Sql sql, List<String> runIds) throws SQLException {
        if (runIds.isEmpty()) {
            return List.of();
        }
        PreparedStatement ps = sql.prepare("SELECT run_id, name, kind, text_value, num_value FROM run_attributes"
                + " WHERE run_id IN (" + RunQueries.marks(runIds.size()) + ") ORDER BY run_id, name");
        for (int i = 0; i < runIds.size(); i++) {
            ps.setString(i + 1, runIds.get(i));
        }
        List<java.util.Map.Entry<String, RunAttribute>> attributes = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double number = rs.getDouble(5);
                Double ordered = rs.wasNull() ? null : number;
                attributes.add(java.util.Map.entry(rs.getString(1), new RunAttribute(rs.getString(2),
                        RunAttribute.Kind.valueOf(rs.getString(3).toUpperCase(java.util.Locale.ROOT)), rs.getString(4),
                        ordered)));
            }
        }
        return attributes;
    }

    /**
     * A restart copied journal entries to {@code runId}: the attribute entries among them give it
     * their attributes, the later ones overwriting the earlier ones as when they were journaled.
     */
    static void fromCopiedJournal(Sql sql, String runId) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT position, name, output FROM journal WHERE run_id = ? AND kind = ?"
                + " AND status = 'SUCCEEDED' ORDER BY position");
        ps.setString(1, runId);
        ps.setString(2, RunAttribute.ENTRY_KIND);
        List<RunAttribute> attributes = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                attributes.add(RunAttribute.fromEntry(new JournalEntry(rs.getInt(1), RunAttribute.ENTRY_KIND,
                        rs.getString(2), true, null, rs.getBytes(3), null, 1, 0, 0)));
            }
        }
        for (RunAttribute attribute : attributes) {
            set(sql, runId, attribute);
        }
    }

    /** Appends to a runs query one condition per filter: the run has the attribute, with a matching value of its kind. */
    static void where(StringBuilder text, List<Object> args, List<AttributeFilter> filters) {
        for (AttributeFilter filter : filters) {
            List<String> branches = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            String op = filter.op().symbol();
            if (filter.text() != null) {
                branches.add("(kind = 'string' AND text_value = ?)");
                values.add(filter.text());
            }
            if (filter.number() != null) {
                branches.add("(kind = 'number' AND num_value " + op + " ?)");
                values.add(filter.number());
            }
            if (filter.bool() != null) {
                branches.add("(kind = 'boolean' AND num_value = ?)");
                values.add(filter.bool() ? 1.0 : 0.0);
            }
            if (filter.timeMs() != null) {
                branches.add("(kind = 'time' AND num_value " + op + " ?)");
                values.add((double) filter.timeMs());
            }
            if (branches.isEmpty()) {
                text.append(" AND 1 = 0"); // a value no kind can hold matches no run
                continue;
            }
            text.append(" AND id IN (SELECT run_id FROM run_attributes WHERE name = ? AND (")
                    .append(String.join(" OR ", branches)).append("))");
            args.add(filter.name());
            args.addAll(values);
        }
    }
}
