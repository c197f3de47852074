package dev.mainstay.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * The production store: a PostgreSQL database. The same SQL and the same single writer as the
 * SQLite store (one connection, one transaction and one commit per batch of writes, a savepoint per
 * write); reads on a HikariCP pool. A commit is durable when PostgreSQL says so
 * ({@code synchronous_commit} of the server, on by default).
 *
 * <p>The password comes apart from the URL (so it never reaches a log line); the URL may carry
 * every other driver property ({@code jdbc:postgresql://host:5432/db?user=mainstay&sslmode=require}).
 */
public final class PostgresJournalStore extends SqlJournalStore {
    /** How often a node reads everything again though no hint came (a hint lost costs at most this). */
    private static final long SWEEP_MS = 10_000;
    /** How often a node without LISTEN/NOTIFY reads everything again. */
    static final long POLL_MS = 500;
    /** The schema's scripts, applied by Flyway unless the database already holds them all ({@link Migrations}). */
    static final String MIGRATIONS = "db/migration/postgresql";

    private PostgresJournalStore(GroupCommitter writer, HikariDataSource readers, StoreLimits limits,
                                 java.util.function.Function<NodeIdentity, Signals> signals) {
        super(writer, readers, System::currentTimeMillis, limits, Dialect.POSTGRES, signals);
    }

    /** Opens the store on {@code jdbcUrl} (applying pending migrations); {@code password} may be null. */
    public static PostgresJournalStore open(String jdbcUrl, String password, StoreLimits limits) {
        return open(jdbcUrl, password, limits, false);
    }

    /**
     * As {@link #open(String, String, StoreLimits)}; with {@code pollForSignals} the nodes find each
     * other's changes by polling instead of LISTEN/NOTIFY (for a PostgreSQL-compatible engine without it).
     */
    public static PostgresJournalStore open(String jdbcUrl, String password, StoreLimits limits, boolean pollForSignals) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--database-url was '" + safe(jdbcUrl)
                    + "'; give a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/mainstay?user=mainstay");
        }
        try {
            if (!Migrations.current(() -> java.sql.DriverManager.getConnection(jdbcUrl, properties(password)), MIGRATIONS)) {
                // Flyway's own connections (it takes two: one holds the migration lock)
                Flyway.configure().dataSource(jdbcUrl, null, password).locations("classpath:" + MIGRATIONS)
                        .load().migrate();
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot migrate the PostgreSQL store at " + safe(jdbcUrl) + ": " + e.getMessage(), e);
        }
        HikariDataSource readers = pool(jdbcUrl, password, "mainstay-store-readers", 8);
        try {
            // the writer's own connection for the life of the store, apart from the readers' pool
            Connection writerConnection = java.sql.DriverManager.getConnection(jdbcUrl, properties(password));
            try (var settings = writerConnection.createStatement()) {
                // a writer frozen mid-batch (SIGSTOP, a stalled VM) must not hold its row locks for ever:
                // the server ends its session, the locks go, and the node finds out at its next write
                settings.execute("SET idle_in_transaction_session_timeout = '5s'");
                settings.execute("SET lock_timeout = '5s'");
            }
            GroupCommitter writer = new GroupCommitter(new Sql(writerConnection, Dialect.POSTGRES), "mainstay-store-writer",
                    limits.maxQueuedWrites());
            java.util.function.Function<NodeIdentity, Signals> signals = pollForSignals
                    ? node -> new PollingSignals(POLL_MS)
                    : node -> new NotifySignals(jdbcUrl, properties(password), node.id() + "/" + node.incarnation(), SWEEP_MS);
            return new PostgresJournalStore(writer, readers, limits, signals);
        } catch (SQLException e) {
            readers.close();
            throw new IllegalStateException("cannot open the PostgreSQL store at " + safe(jdbcUrl) + ": " + e.getMessage(), e);
        }
    }

    private static java.util.Properties properties(String password) {
        java.util.Properties properties = new java.util.Properties();
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    private static HikariDataSource pool(String jdbcUrl, String password, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (password != null) {
            config.setPassword(password);
        }
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setInitializationFailTimeout(10_000);
        return new HikariDataSource(config);
    }

    /** The URL as it may be shown: without a password someone put in it after all. */
    static String safe(String jdbcUrl) {
        return jdbcUrl == null ? "null" : jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** The database's size as PostgreSQL counts it (tables, indexes, TOAST). */
    @Override
    public long sizeBytes() {
        return read(sql -> {
            PreparedStatement ps = sql.prepare("SELECT pg_database_size(current_database())");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1L;
            }
        });
    }
}
