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
}
