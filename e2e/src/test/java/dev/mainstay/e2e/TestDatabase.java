package dev.mainstay.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A PostgreSQL database of a test's own on the machine's server, dropped by {@link #drop()}. Without
 * a server the test is skipped, except under CI, where PostgreSQL must be there.
 */
final class TestDatabase {
    static final String SERVER = System.getenv().getOrDefault("MAINSTAY_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    private final String name = "mainstay_it_" + UUID.randomUUID().toString().replace("-", "");

    static TestDatabase create() throws SQLException {
        TestDatabase database = new TestDatabase();
        try (Connection admin = DriverManager.getConnection(SERVER)) {
            admin.createStatement().execute("CREATE DATABASE " + database.name);
        } catch (SQLException e) {
            assumeTrue(System.getenv("CI") != null, "no PostgreSQL at " + SERVER + ": " + e.getMessage());
            throw e;
        }
        return database;
    }

    /** The JDBC URL a runtime is given with {@code --database-url}. */
    String url() {
        return SERVER.replace("/postgres?", "/" + name + "?");
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }

    void drop() throws SQLException {
        try (Connection admin = DriverManager.getConnection(SERVER)) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
