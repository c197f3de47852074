package dev.mainstay.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * A database of its own for one cluster on the PostgreSQL server a {@code --database-url} names,
 * so that no workload sees another's rows: created on the server's {@code postgres} database (the
 * database the URL names is not touched), dropped with {@code WITH (FORCE)} on close. A harness
 * killed before its clusters closed leaves {@code mainstay_bench_*} databases behind.
 */
final class FreshDatabase implements AutoCloseable {
    static final String PREFIX = "mainstay_bench_";

    private final String serverUrl;
    private final String name;
    private boolean dropped;

    private FreshDatabase(String serverUrl, String name) {
        this.serverUrl = serverUrl;
        this.name = name;
    }

    static FreshDatabase create(String serverUrl) {
        String name = PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(serverUrl, "CREATE DATABASE " + name);
        return new FreshDatabase(serverUrl, name);
    }

    /** The runtime's {@code --database-url}: the given URL with this database in place of its own. */
    String url() {
        return withDatabase(serverUrl, name);
    }

    String name() {
        return name;
    }

    /** The database's size on disk ({@code pg_database_size}); the server's WAL, shared by all databases, is not in it. */
    long sizeBytes() {
        try (Connection c = connect(url()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the size of " + name + ": " + e.getMessage(), e);
        }
    }

    /** The server's version and durability settings, for the report's header. */
    static String describeServer(String serverUrl) {
        try (Connection c = connect(withDatabase(serverUrl, "postgres")); Statement s = c.createStatement()) {
            return "server_version=" + show(s, "server_version").split(" ")[0]
                    + " synchronous_commit=" + show(s, "synchronous_commit") + " fsync=" + show(s, "fsync");
        } catch (SQLException e) {
            throw unreachable(serverUrl, e);
        }
    }

    @Override
    public void close() {
        if (!dropped) {
            dropped = true;
            execute(serverUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    /**
     * {@code url} with its database replaced: {@code jdbc:postgresql://host:port/db?params} keeps its
     * hosts and parameters (user, ssl, ...) and names {@code database} instead of {@code db}.
     */
    static String withDatabase(String url, String database) {
        int hostsStart = url.indexOf("//") + 2;
        int query = url.indexOf('?', hostsStart);
        String beforeQuery = query < 0 ? url : url.substring(0, query);
        int slash = beforeQuery.indexOf('/', hostsStart);
        String hosts = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
        return hosts + "/" + database + (query < 0 ? "" : url.substring(query));
    }

    private static void execute(String serverUrl, String sql) {
        try (Connection c = connect(withDatabase(serverUrl, "postgres")); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw unreachable(serverUrl, e);
        }
    }

    private static String show(Statement s, String setting) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The password as the runtime reads it: MAINSTAY_DATABASE_PASSWORD, never the URL. */
    private static Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        String password = System.getenv("MAINSTAY_DATABASE_PASSWORD");
        if (password != null && !password.isEmpty()) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }

    private static IllegalStateException unreachable(String serverUrl, SQLException e) {
        return new IllegalStateException("PostgreSQL at " + withDatabase(serverUrl, "postgres") + " refused: "
                + e.getMessage() + "; check that the server runs and that the user may create databases", e);
    }
}
