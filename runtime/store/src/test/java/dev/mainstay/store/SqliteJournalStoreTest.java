package dev.mainstay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteJournalStoreTest extends JournalStoreContract {
    @TempDir
    Path dir;

    private SqliteJournalStore store;

    @BeforeEach
    void open() {
        store = SqliteJournalStore.open(dir);
    }

    @Override
    void closeStore() {
        store.close();
    }

    @Override
    JournalStore reopen(StoreLimits limits) {
        store.close();
        store = SqliteJournalStore.open(dir, limits);
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
        store.append(id, 1, step(2, "\"two\"")).join();
        store.close();

        store = SqliteJournalStore.open(dir);
        assertThat(store.journal(id)).extracting(JournalEntry::name).containsExactly("s1", "s2");
        assertThat(store.run(id).orElseThrow().epoch()).isEqualTo(1);
        assertThat(store.liveRuns()).extracting(RunRecord::id).contains(id);
    }

    @Test
    void concurrentAppends_ofManyRunsAllCommit() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String id = newRun(null);
            store.claim(id, "w").join();
            ids.add(id);
        }
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int position = 1; position <= 3; position++) {
            for (String id : ids) {
                writes.add(store.append(id, 1, step(position, "0")));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        }
        assertThat(ids).allSatisfy(id -> assertThat(store.journal(id)).hasSize(3));
    }

    /** A database of an older build (migrated only to V20 here) is not current: the store runs Flyway on it. */
    @Test
    void open_migratesADatabaseOfAnOlderSchema() throws Exception {
        Path older = dir.resolve("older");
        java.nio.file.Files.createDirectories(older);
        org.sqlite.SQLiteDataSource source = new org.sqlite.SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + older.resolve(SqliteJournalStore.FILE_NAME));
        org.flywaydb.core.Flyway.configure().dataSource(source).locations("classpath:" + SqliteJournalStore.MIGRATIONS)
                .target("20").load().migrate();
        assertThat(Migrations.current(source::getConnection, SqliteJournalStore.MIGRATIONS)).isFalse();

        store.close();
        store = SqliteJournalStore.open(older);
        assertThat(Migrations.current(source::getConnection, SqliteJournalStore.MIGRATIONS)).isTrue();
        String id = newRun("after-upgrade");
        assertThat(store.run(id).orElseThrow().status()).isEqualTo(RunStatus.PENDING);
    }

    /**
     * A current database opens without Flyway: its history is edited so that Flyway's validation
     * refuses it (a checksum that no script has), and the store opens it all the same.
     */
    @Test
    void open_ofACurrentDatabaseRunsNoFlyway() throws Exception {
        String id = newRun("before");
        store.close();
        org.sqlite.SQLiteDataSource source = new org.sqlite.SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + dir.resolve(SqliteJournalStore.FILE_NAME));
        try (var connection = source.getConnection(); var update = connection.createStatement()) {
            update.executeUpdate("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
        }
        assertThat(org.flywaydb.core.Flyway.configure().dataSource(source)
                .locations("classpath:" + SqliteJournalStore.MIGRATIONS).load().validateWithResult().validationSuccessful)
                .isFalse();
        assertThat(Migrations.current(source::getConnection, SqliteJournalStore.MIGRATIONS)).isTrue();

        store = SqliteJournalStore.open(dir);
        assertThat(store.run(id)).isPresent();
    }
}
