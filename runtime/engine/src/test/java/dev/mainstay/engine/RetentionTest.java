package dev.mainstay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.store.ComponentKind;
import dev.mainstay.store.JournalStore;
import dev.mainstay.store.NewRun;
import dev.mainstay.store.SqliteJournalStore;
import dev.mainstay.store.UuidV7;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention on a real store: only the leader deletes, only what finished before the retention, batch after batch. */
class RetentionTest {
    @TempDir
    Path dir;
    private JournalStore store;
    private final AtomicLong now = new AtomicLong();
    private final AtomicBoolean leading = new AtomicBoolean(true);

    @BeforeEach
    void open() {
        store = SqliteJournalStore.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private String finishedRun() {
        String id = UuidV7.next();
        store.start(new NewRun(id, "greet", ComponentKind.WORKFLOW, "{}".getBytes(StandardCharsets.UTF_8), null,
                System.currentTimeMillis(), null)).join();
        store.claim(id, "w1").join().orElseThrow();
        store.finish(id, 1, "1".getBytes(StandardCharsets.UTF_8), null).join();
        return id;
    }

    @Test
    void aPass_deletesEveryRunFinishedLongerAgoThanTheRetention_inBatches_andOnlyWhileLeading() {
        List<String> finished = new ArrayList<>();
        for (int i = 0; i < Retention.BATCH + 20; i++) {
            finished.add(finishedRun());
        }
        now.set(System.currentTimeMillis()); // every run above finished by now
        try (Retention retention = new Retention(store, Duration.ofHours(1), leading::get, now::get)) {
            assertThat(retention.pass()).as("finished just now").isZero();

            now.addAndGet(Duration.ofHours(1).plusSeconds(1).toMillis());
            leading.set(false);
            assertThat(retention.pass()).as("another node leads").isZero();
            assertThat(store.run(finished.get(0))).isPresent();

            leading.set(true);
            String pending = UuidV7.next();
            store.start(new NewRun(pending, "greet", ComponentKind.WORKFLOW, "{}".getBytes(StandardCharsets.UTF_8), null,
                    System.currentTimeMillis(), null)).join();
            assertThat(retention.pass()).isEqualTo(Retention.BATCH + 20);
            assertThat(finished).allSatisfy(id -> assertThat(store.run(id)).isEmpty());
            assertThat(store.run(pending)).as("not finished").isPresent();
            assertThat(retention.pass()).isZero();
        }
    }
}
