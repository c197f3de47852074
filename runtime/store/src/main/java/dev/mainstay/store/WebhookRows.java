package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The webhooks table: writes on the writer, reads on the read pool. */
final class WebhookRows {
    private static final String COLUMNS = "SELECT name, workflow, provider, secret, created_at, created_by, correlate, event FROM webhooks";

    private WebhookRows() {}

    /** Creates the webhook or replaces the one of its name; true when it is new. Refused past {@code max} webhooks. */
    static boolean put(Sql sql, WebhookRecord webhook, int max) throws SQLException {
        boolean exists = byName(sql, webhook.name()).isPresent();
        if (!exists) {
            try (ResultSet rs = sql.prepare("SELECT COUNT(*) FROM webhooks").executeQuery()) {
                if (rs.next() && rs.getLong(1) >= max) {
                    throw new LimitExceededException("the runtime already holds " + rs.getLong(1) + " webhooks, the"
                            + " limit; delete webhooks no one sends to (DELETE /v1/webhooks/{name}) before creating more");
                }
            }
        }
        PreparedStatement ps = sql.prepare("""
                INSERT INTO webhooks (name, workflow, provider, secret, created_at, created_by, correlate, event)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET workflow = excluded.workflow, provider = excluded.provider,
                                                 secret = excluded.secret, created_by = excluded.created_by,
                                                 correlate = excluded.correlate, event = excluded.event""");
        ps.setString(1, webhook.name());
        ps.setString(2, webhook.workflow());
        ps.setString(3, webhook.provider());
        ps.setString(4, webhook.secret());
        ps.setLong(5, webhook.createdAtMs());
        ps.setString(6, webhook.createdBy());
        ps.setString(7, webhook.correlate());
        ps.setString(8, webhook.event());
        ps.executeUpdate();
        return !exists;
    }

    static boolean delete(Sql sql, String name) throws SQLException {
        PreparedStatement ps = sql.prepare("DELETE FROM webhooks WHERE name = ?");
        ps.setString(1, name);
        return ps.executeUpdate() == 1;
    }

    static Optional<WebhookRecord> byName(Sql sql, String name) throws SQLException {
        PreparedStatement ps = sql.prepare(COLUMNS + " WHERE name = ?");
        ps.setString(1, name);
        return read(ps).stream().findFirst();
    }

    static List<WebhookRecord> all(Sql sql) throws SQLException {
        return read(sql.prepare(COLUMNS + " ORDER BY name"));
    }

    private static List<WebhookRecord> read(PreparedStatement ps) throws SQLException {
        List<WebhookRecord> webhooks = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                webhooks.add(new WebhookRecord(rs.getString("name"), rs.getString("workflow"), rs.getString("provider"),
                        rs.getString("secret"), rs.getLong("created_at"), rs.getString("created_by"),
                        rs.getString("correlate"), rs.getString("event")));
            }
        }
        return webhooks;
    }
}
