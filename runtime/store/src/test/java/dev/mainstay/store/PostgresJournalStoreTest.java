package dev.mainstay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
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
    void twoNodes_neverBothHoldARun_andADeadNodesRunsMoveOnUnderANewEpoch() throws Exception {
        String id = newRun("shared");
        store.joinCluster(new NodeIdentity("a", "a-1", null, null), 1_000).join();
        try (PostgresJournalStore other = PostgresJournalStore.open(url(), null, StoreLimits.defaults())) {
            other.joinCluster(new NodeIdentity("b", "b-1", null, null), 60_000).join();
            Claim held = store.claim(id, "worker-of-a").join().orElseThrow();
            assertThat(other.claim(id, "worker-of-b").join()).as("held by a worker of another node").isEmpty();

            // node a renews no more: once its lease passed (by the database's clock), b takes its runs back
            java.util.List<RunRecord> taken = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> other.takeOverDeadNodes().join(), runs -> !runs.isEmpty());
            assertThat(taken).extracting(RunRecord::id).containsExactly(id);
            RunRecord moved = store.run(id).orElseThrow();
            assertThat(moved.status()).isEqualTo(RunStatus.PENDING);
            assertThat(moved.epoch()).isGreaterThan(held.epoch());
            assertThat(store.renewLease(1_000, null).join().alive()).as("a node declared dead stays dead").isFalse();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.append(id, held.epoch(), step(1, "\"late\"")).join())
                    .hasCauseInstanceOf(StaleEpochException.class);
            assertThat(other.claim(id, "worker-of-b").join()).as("b's worker takes it").isPresent();
            assertThat(other.renewLease(60_000, "[]").join()).isEqualTo(new NodeLease(true, true, 0));
        }
    }

    @Test
    void aNodeBackFromAFreeze_thatNoOneDeclaredDead_renewsAndKeepsItsRuns_butNotOnceTakenOver() throws Exception {
        String id = newRun("thawed");
        store.joinCluster(new NodeIdentity("a", "a-1", null, null), 1_000).join();
        store.renewLease(1_000, "[]").join();
        try (PostgresJournalStore other = PostgresJournalStore.open(url(), null, StoreLimits.defaults())) {
            other.joinCluster(new NodeIdentity("b", "b-1", null, null), 60_000).join();
            Claim held = store.claim(id, "worker-of-a").join().orElseThrow();
            // a renews no more: b sees its lease pass (by the database's clock) but does not sweep yet
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> !other.otherNodesWorkers().containsKey("a"));

            assertThat(store.renewLease(1_000, "[]").join().alive()).as("not declared dead: renewed").isTrue();
            assertThat(other.takeOverDeadNodes().join()).as("nothing to take: a is alive again").isEmpty();
            assertThat(store.run(id).orElseThrow().epoch()).as("its worker still holds it").isEqualTo(held.epoch());
            store.append(id, held.epoch(), step(1, "\"kept\"")).join();

            List<RunRecord> taken = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> other.takeOverDeadNodes().join(), runs -> !runs.isEmpty());
            assertThat(taken).extracting(RunRecord::id).containsExactly(id);
            assertThat(store.renewLease(1_000, "[]").join().alive()).as("declared dead: stays dead").isFalse();
        }
    }

    @Test
    void aPasswordInTheUrl_isMaskedWhereTheUrlIsShown() {
        assertThat(PostgresJournalStore.safe("jdbc:postgresql://h/db?user=u&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
    }

    /** A database of an older build (migrated only to V20 here) is not current: the store runs Flyway on it. */
    @Test
    void open_migratesADatabaseOfAnOlderSchema() throws SQLException {
        String older = database + "_older";
        try (Connection admin = DriverManager.getConnection(SERVER)) {
            admin.createStatement().execute("CREATE DATABASE " + older);
        }
        String olderUrl = SERVER.replace("/postgres?", "/" + older + "?");
        try {
            org.flywaydb.core.Flyway.configure().dataSource(olderUrl, null, null)
                    .locations("classpath:" + PostgresJournalStore.MIGRATIONS).target("20").load().migrate();
            assertThat(Migrations.current(() -> DriverManager.getConnection(olderUrl), PostgresJournalStore.MIGRATIONS)).isFalse();
            try (PostgresJournalStore upgraded = PostgresJournalStore.open(olderUrl, null, StoreLimits.defaults())) {
                assertThat(Migrations.current(() -> DriverManager.getConnection(olderUrl), PostgresJournalStore.MIGRATIONS))
                        .isTrue();
                String id = UUID.randomUUID().toString();
                upgraded.start(new NewRun(id, "greet", ComponentKind.WORKFLOW, json("{}"), null, 1000, null)).join();
                assertThat(upgraded.run(id).orElseThrow().status()).isEqualTo(RunStatus.PENDING);
            }
        } finally {
            try (Connection admin = DriverManager.getConnection(SERVER)) {
                admin.createStatement().execute("DROP DATABASE IF EXISTS " + older + " WITH (FORCE)");
            }
        }
    }

    /**
     * A current database opens without Flyway: its history is edited so that Flyway's validation
     * refuses it (a checksum that no script has), and the store opens it all the same.
     */
    @Test
    void open_ofACurrentDatabaseRunsNoFlyway() throws SQLException {
        String id = newRun("before");
        store.close();
        try (Connection connection = DriverManager.getConnection(url())) {
            connection.createStatement().executeUpdate(
                    "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
        }
        assertThat(org.flywaydb.core.Flyway.configure().dataSource(url(), null, null)
                .locations("classpath:" + PostgresJournalStore.MIGRATIONS).load().validateWithResult().validationSuccessful)
                .isFalse();

        store = PostgresJournalStore.open(url(), null, StoreLimits.defaults());
        assertThat(store.run(id)).isPresent();
    }
}
