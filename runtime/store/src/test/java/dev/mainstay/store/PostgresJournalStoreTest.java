package dev.mainstay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a real PostgreSQL server (127.0.0.1:5432, user postgres, as on this
 * machine and in CI; {@code MAINSTAY_TEST_POSTGRES_URL} points elsewhere). Each test gets a
 * database of its own, dropped afterwards.
 */
class PostgresJournalStoreTest extends JournalStoreContract {
    static final String SERVER = System.getenv().getOrDefault("MAINSTAY_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    private String database;
    private PostgresJournalStore store;

    static boolean serverUp() {
        try (Connection ignored = DriverManager.getConnection(SERVER)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    String url() {
        return SERVER.replace("/postgres?", "/" + database + "?");
    }

    @BeforeEach
    void createDatabase() throws SQLException {
        assumeTrue(serverUp() || System.getenv("CI") != null, "no PostgreSQL at " + SERVER);
        database = "mainstay_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = DriverManager.getConnection(SERVER)) {
            admin.createStatement().execute("CREATE DATABASE " + database);
        }
        store = PostgresJournalStore.open(url(), null, StoreLimits.defaults());
    }

    /** After the contract's invariant checks: close the store, then drop its database. */
    @Override
    void closeStore() {
        store.close();
        try (Connection admin = DriverManager.getConnection(SERVER)) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the test database " + database, e);
        }
    }

    @Override
    JournalStore reopen(StoreLimits limits) {
        store.close();
        store = PostgresJournalStore.open(url(), null, limits);
        return store;
    }

    @Override
    JournalStore store() {
        return store;
    }

    @Test
    void reopen_keepsEveryAcknowledgedWrite() {
        String id = newRun("durable");
        store.claim(id, "w1").join();
        store.append(id, 1, step(1, "\"one\"")).join();
        reopen(StoreLimits.defaults());
        assertThat(store.journal(id)).extracting(JournalEntry::name).containsExactly("s1");
        assertThat(store.run(id).orElseThrow().epoch()).isEqualTo(1);
        assertThat(store.sizeBytes()).isPositive();
    }

    @Test
    void aPasswordInTheUrl_isMaskedWhereTheUrlIsShown() {
        assertThat(PostgresJournalStore.safe("jdbc:postgresql://h/db?user=u&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
    }
}
