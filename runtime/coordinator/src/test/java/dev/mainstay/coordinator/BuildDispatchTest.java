package dev.mainstay.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.engine.Engine;
import dev.mainstay.engine.StartCommand;
import dev.mainstay.protocol.v1.Component;
import dev.mainstay.protocol.v1.ComponentKind;
import dev.mainstay.protocol.v1.Dispatch;
import dev.mainstay.protocol.v1.Register;
import dev.mainstay.protocol.v1.RuntimeMessage;
import dev.mainstay.protocol.v1.WorkerMessage;
import dev.mainstay.store.RunStatus;
import dev.mainstay.store.SqliteJournalStore;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dispatch by build on a real store and engine, the workers' streams replaced by recorders: a run
 * goes back only to the build that first ran it, a new run only to the current build, whichever
 * session has more free slots.
 */
class BuildDispatchTest {
    @TempDir
    Path dir;

    SqliteJournalStore store;
    Engine engine;
    Dispatcher dispatcher;
    WorkerStreamService service;

    record Connected(WorkerSession session, List<RuntimeMessage> sent) {
        List<Dispatch> dispatches() {
            return sent.stream().filter(RuntimeMessage::hasDispatch).map(RuntimeMessage::getDispatch).toList();
        }
    }

    @BeforeEach
    void start() {
        store = SqliteJournalStore.open(dir);
        engine = new Engine(store);
        dispatcher = new Dispatcher(engine);
        engine.onReady(dispatcher);
        service = new WorkerStreamService(engine, dispatcher, 5_000, 1 << 20, RetryDefaults.defaults());
    }

    @AfterEach
    void stop() {
        dispatcher.shutdown();
        service.close();
        engine.close();
        store.close();
    }

    private Connected connect(String build, int capacity) {
        return connect(build, capacity, dev.mainstay.protocol.v1.Upgrade.UPGRADE_PINNED);
    }

    private Connected connect(String build, int capacity, dev.mainstay.protocol.v1.Upgrade upgrade) {
        List<RuntimeMessage> sent = new CopyOnWriteArrayList<>();
        WorkerSession session = (WorkerSession) service.connect(new StreamObserver<>() {
            @Override public void onNext(RuntimeMessage message) { sent.add(message); }
            @Override public void onError(Throwable t) { }
            @Override public void onCompleted() { }
        });
        session.onNext(WorkerMessage.newBuilder().setRegister(Register.newBuilder().setWorkerId("w-" + build)
                .setBuildId(build).setCapacity(capacity)
                .addComponents(Component.newBuilder().setName("wf").setKind(ComponentKind.WORKFLOW).setUpgrade(upgrade))).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.stream().anyMatch(RuntimeMessage::hasRegistered));
        return new Connected(session, sent);
    }

    private String startRun() {
        return engine.start(new StartCommand("default/wf", dev.mainstay.store.ComponentKind.WORKFLOW,
                "null".getBytes(StandardCharsets.UTF_8), null, null, null)).run().id();
    }

    @Test
    void aReleasedRun_goesBackToItsBuild_andANewRunToTheNewest_whateverTheFreeSlots() {
        Connected v1 = connect("v1", 8);
        String old = startRun();
        await().atMost(Duration.ofSeconds(10)).until(() -> v1.dispatches().size() == 1);

        Connected v2 = connect("v2", 1); // fewer free slots than v1, but the newest build
        String fresh = startRun();
        await().atMost(Duration.ofSeconds(10)).until(() -> v2.dispatches().size() == 1);
        assertThat(v2.dispatches()).extracting(Dispatch::getRunId).containsExactly(fresh);

        v1.session().onNext(WorkerMessage.newBuilder().setRelease(dev.mainstay.protocol.v1.Release.newBuilder()
                .setRunId(old).setEpoch(1)).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> v1.dispatches().size() == 2);
        assertThat(v1.dispatches()).extracting(Dispatch::getRunId).containsExactly(old, old);
        assertThat(v2.dispatches()).extracting(Dispatch::getRunId).containsExactly(fresh);
        assertThat(store.runBuild(old)).contains("v1");
        assertThat(store.runBuild(fresh)).contains("v2");
    }

    @Test
    void aRunWhoseBuildHasNoWorker_staysPending_untilOneConnects() {
        Connected v1 = connect("v1", 4);
        String old = startRun();
        await().atMost(Duration.ofSeconds(10)).until(() -> v1.dispatches().size() == 1);
        Connected v2 = connect("v2", 4);
        v1.session().onCompleted(); // v1 goes away: its run is released
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.run(old).status() == RunStatus.PENDING);

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> v2.dispatches().isEmpty() && engine.run(old).status() == RunStatus.PENDING);

        Connected back = connect("v1", 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> back.dispatches().size() == 1);
        assertThat(back.dispatches().get(0).getRunId()).isEqualTo(old);
        assertThat(v2.dispatches()).isEmpty();
    }

    @Test
    void aRunOfALatestWorkflow_goesToTheCurrentBuildAtItsNextClaim_withOrWithoutItsOldBuild() {
        var latest = dev.mainstay.protocol.v1.Upgrade.UPGRADE_LATEST;
        Connected v1 = connect("v1", 8, latest);
        String run = startRun();
        await().atMost(Duration.ofSeconds(10)).until(() -> v1.dispatches().size() == 1);

        Connected v2 = connect("v2", 1, latest); // fewer free slots than v1, but current
        v1.session().onNext(WorkerMessage.newBuilder().setRelease(dev.mainstay.protocol.v1.Release.newBuilder()
                .setRunId(run).setEpoch(1)).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> v2.dispatches().size() == 1);
        assertThat(v2.dispatches().get(0).getRunId()).isEqualTo(run);
        assertThat(v1.dispatches()).hasSize(1);
        assertThat(store.runBuild(run)).contains("v2");

        // released again (a suspension, say): back to v2, never to v1 and its eight free slots
        v2.session().onNext(WorkerMessage.newBuilder().setRelease(dev.mainstay.protocol.v1.Release.newBuilder()
                .setRunId(run).setEpoch(2)).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> v2.dispatches().size() == 2);
        assertThat(v1.dispatches()).as("v1 is not current").hasSize(1);
    }

    @Test
    void aRunOfALatestWorkflowPinnedToAGoneBuild_isTakenByTheCurrentBuild() {
        var latest = dev.mainstay.protocol.v1.Upgrade.UPGRADE_LATEST;
        Connected v1 = connect("v1", 4, latest);
        String run = startRun();
        await().atMost(Duration.ofSeconds(10)).until(() -> v1.dispatches().size() == 1);
        v1.session().onCompleted(); // v1 goes away: its run is released, pinned to v1
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.run(run).status() == RunStatus.PENDING);

        Connected v2 = connect("v2", 4, latest);
        await().atMost(Duration.ofSeconds(10)).until(() -> v2.dispatches().size() == 1);
        assertThat(v2.dispatches().get(0).getRunId()).isEqualTo(run);
        assertThat(v2.dispatches().get(0).getEpoch()).isEqualTo(2);
        assertThat(store.runBuild(run)).contains("v2");
    }
}
