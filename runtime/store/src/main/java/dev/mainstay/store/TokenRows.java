package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The tokens table: writes on the writer, reads on the read pool. */
final class TokenRows {
    private static final String COLUMNS = """
            SELECT id, secret_hash, namespace, role, description, created_at, created_by, expires_at, revoked_at
            FROM tokens""";

    private TokenRows() {}

    /**
     * Inserts the token unless one with its secret exists already (false then: two nodes adopting the
     * same provisioned admin token at once). Refused once {@code maxLive} live tokens exist.
     */
    static boolean create(Sql sql, TokenRecord token, int maxLive, long nowMs) throws SQLException {
        PreparedStatement count = sql.prepare("""
                SELECT COUNT(*) FROM tokens WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)""");
        count.setLong(1, nowMs);
        try (ResultSet rs = count.executeQuery()) {
            if (rs.next() && rs.getLong(1) >= maxLive) {
                throw new LimitExceededException("the runtime already holds " + rs.getLong(1) + " live tokens, the limit;"
                        + " revoke tokens no one uses (mainstay tokens list, mainstay tokens revoke ID) before creating more");
            }
        }
        PreparedStatement ps = sql.prepare("""
                INSERT INTO tokens (id, secret_hash, namespace, role, description, created_at, created_by, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (secret_hash) DO NOTHING""");
        ps.setString(1, token.id());
        ps.setString(2, token.secretHash());
        ps.setString(3, token.namespace());
        ps.setString(4, token.role());
        ps.setString(5, token.description());
        ps.setLong(6, token.createdAtMs());
        ps.setString(7, token.createdBy());
        ps.setObject(8, token.expiresAtMs());
        return ps.executeUpdate() == 1;
    }

    /** Revokes a live token; a revoked one keeps its first revocation time. Empty when no token has the id. */
    static Optional<TokenRecord> revoke(Sql sql, String id, long nowMs) throws SQLException {
        PreparedStatement ps = sql.prepare("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
        ps.setLong(1, nowMs);
        ps.setString(2, id);
        ps.executeUpdate();
        return byId(sql, id);
    }

    static Optional<TokenRecord> byHash(Sql sql, String secretHash) throws SQLException {
        PreparedStatement ps = sql.prepare(COLUMNS + " WHERE secret_hash = ?");
        ps.setString(1, secretHash);
        return read(ps).stream().findFirst();
    }

    static Optional<TokenRecord> byId(Sql sql, String id) throws SQLException {
        PreparedStatement ps = sql.prepare(COLUMNS + " WHERE id = ?");
        ps.setString(1, id);
        return read(ps).stream().findFirst();
    }

    static List<TokenRecord> byIds(Sql sql, Collection<String> ids) throws SQLException {
        PreparedStatement ps = sql.prepare(COLUMNS + " WHERE id IN (" + RunQueries.marks(ids.size()) + ")");
        int i = 1;
        for (String id : ids) {
            ps.setString(i++, id);
        }
        return read(ps);
    }

    static List<TokenRecord> all(Sql sql) throws SQLException {
        return read(sql.prepare(COLUMNS + " ORDER BY created_at, id"));
    }

    private static List<TokenRecord> read(PreparedStatement ps) throws SQLException {
        List<TokenRecord> tokens = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long expires = rs.getLong("expires_at");
                Long expiresAt = rs.wasNull() ? null : expires;
                long revoked = rs.getLong("revoked_at");
                Long revokedAt = rs.wasNull() ? null : revoked;
                tokens.add(new TokenRecord(rs.getString("id"), rs.getString("secret_hash"), rs.getString("namespace"),
                        rs.getString("role"), rs.getString("description"), rs.getLong("created_at"),
                        rs.getString("created_by"), expiresAt, revokedAt));
            }
        }
        return tokens;
    }
}
