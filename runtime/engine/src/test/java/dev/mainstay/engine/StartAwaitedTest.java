package dev.mainstay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.store.ComponentKind;
import dev.mainstay.store.ComponentRecord;
import dev.mainstay.store.JournalStore;
import dev.mainstay.store.RunRecord;
import dev.mainstay.store.RunStatus;
import dev.mainstay.store.SqliteJournalStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start whose caller waits ({@code ?wait=}) on a real SQLite store, no worker: cancels end the runs. */
class StartAwaitedTest {
    private static final ComponentRecord ORDERS = new ComponentRecord("orders", ComponentKind.WORKFLOW, null, null,
            null, null, null);

    @TempDir
    Path dir;
    JournalStore store;
    Engine engine;

    @BeforeEach
    void open() {
        store = SqliteJournalStore.open(dir);
        store.registerComponents(List.of(ORDERS)).join();
        engine = new Engine(store);
    }

    @AfterEach
    void close() {
        engine.close();
        store.close();
    }

    private static StartCommand order(String key) {
        return new StartCommand("orders", ComponentKind.WORKFLOW, "{}".getBytes(StandardCharsets.UTF_8), key);
    }

    @Test
    void theWaitOfARunItCreated_endsWithTheRun() {
        Engine.AwaitedStart awaited = engine.startAwaited(order(null), ORDERS);
        assertThat(awaited.start().created()).isTrue();
        assertThat(awaited.finished()).isNotDone();

        engine.cancel(awaited.start().run().id(), "test");

        RunRecord finished = awaited.finished().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(finished.id()).isEqualTo(awaited.start().run().id());
        assertThat(finished.status()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void theKeyOfARunAlreadyFinished_answersWithThatRunAtOnce() {
        String first = engine.start(order("k-1"), ORDERS).run().id();
        engine.cancel(first, "test");

        Engine.AwaitedStart again = engine.startAwaited(order("k-1"), ORDERS);

        assertThat(again.start().created()).isFalse();
        CompletableFuture<RunRecord> finished = again.finished();
        assertThat(finished).isCompleted();
        assertThat(finished.join().id()).isEqualTo(first);
        assertThat(finished.join().status()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void theKeyOfARunStillGoing_waitsForThatRun() {
        String first = engine.start(order("k-2"), ORDERS).run().id();

        Engine.AwaitedStart again = engine.startAwaited(order("k-2"), ORDERS);
        assertThat(again.finished()).isNotDone();
        engine.cancel(first, "test");

        assertThat(again.finished().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join().id()).isEqualTo(first);
    }
}
