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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dispatch corner cases that need a precise interleaving, on a real store and engine with the
 * worker's stream replaced by a recorder: a cancel while a claim is in flight, and a dispatch
 * whose sending fails after its claim committed.
 */
class DispatchEdgesTest {
    @TempDir
    Path dir;

    SqliteJournalStore store;
    Engine engine;
    Dispatcher dispatcher;
    WorkerStreamService service;
    final List<RuntimeMessage> sent = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        store = SqliteJournalStore.open(dir);
        engine = new Engine(store);
        dispatcher = new Dispatcher(engine);
        engine.onReady(dispatcher);
        engine.onCancelRequest(dispatcher::cancelRequested);
        service = new WorkerStreamService(engine, dispatcher, 5_000, 1 << 20, RetryDefaults.defaults());
    }

    @AfterEach
    void stop() {
        dispatcher.shutdown();
        service.close();
        engine.close();
        store.close();
    }

    private WorkerSession connect() {
        return connect(4);
    }

    private WorkerSession connect(int capacity) {
        long registered = sent.stream().filter(RuntimeMessage::hasRegistered).count();
        WorkerSession session = (WorkerSession) service.connect(new StreamObserver<>() {
            @Override public void onNext(RuntimeMessage message) { sent.add(message); }
            @Override public void onError(Throwable t) { }
            @Override public void onCompleted() { }
        });
        session.onNext(WorkerMessage.newBuilder().setRegister(Register.newBuilder().setWorkerId("w").setCapacity(capacity)
                .addComponents(Component.newBuilder().setName("wf").setKind(ComponentKind.WORKFLOW))).build());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> sent.stream().filter(RuntimeMessage::hasRegistered).count() > registered);
        return session;
    }

    private List<Dispatch> dispatches() {
        return sent.stream().filter(RuntimeMessage::hasDispatch).map(RuntimeMessage::getDispatch).toList();
    }

    @Test
    void cancelWhileTheClaimIsInFlight_travelsWithTheDispatch() {
        WorkerSession session = connect();
        assertThat(session.reserve("r1", "default/wf", 0)).isTrue(); // the slot is reserved, the claim not yet answered

        assertThat(session.cancel("r1", 1)).as("kept for the dispatch, not lost").isTrue();
        assertThat(sent).noneMatch(RuntimeMessage::hasCancel);
        assertThat(session.dispatch(Dispatch.newBuilder().setRunId("r1").setEpoch(1), () -> false)).isTrue();

        assertThat(dispatches()).singleElement().satisfies(d -> assertThat(d.getCancelRequested()).isTrue());
        assertThat(session.cancel("r1", 1)).isTrue();
        assertThat(sent).filteredOn(RuntimeMessage::hasCancel).singleElement()
                .satisfies(m -> assertThat(m.getCancel().getEpoch()).isEqualTo(1));
    }

    @Test
    void cancelForAnOlderEpochWhileTheClaimIsInFlight_doesNotCancelTheNewDispatch() {
        WorkerSession session = connect();
        session.reserve("r1", "default/wf", 0);
        session.cancel("r1", 1);
        session.dispatch(Dispatch.newBuilder().setRunId("r1").setEpoch(2), () -> false);
        assertThat(dispatches()).singleElement().satisfies(d -> assertThat(d.getCancelRequested()).isFalse());
    }

    @Test
    void releasedRun_isDispatchedAgain_evenToTheSessionThatReleasedIt() {
        WorkerSession session = connect(); // capacity 4: a slot is free while the release commits
        String runId = startRun();
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatches().size() == 1);

        session.onNext(WorkerMessage.newBuilder().setRelease(dev.mainstay.protocol.v1.Release.newBuilder()
                .setRunId(runId).setEpoch(1)).build());

        await().atMost(Duration.ofSeconds(10)).until(() -> dispatches().size() == 2);
        assertThat(dispatches().get(1).getEpoch()).isEqualTo(2);
        assertThat(sent).filteredOn(m -> m.hasAck() && m.getAck().getPosition() == 0).singleElement()
                .satisfies(m -> assertThat(m.getAck().getOk()).isTrue());
    }

    @Test
    void aStaleOfferOfAHeldRun_doesNotMoveItToAnotherWorker() {
        WorkerSession holder = connect();
        String runId = startRun();
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatches().size() == 1);

        // what a store scan that read the run before its claim offers afterwards
        dispatcher.ready(new dev.mainstay.store.ReadyRun(runId, "default/wf"));
        connect(); // takes the queue in order: the stale entry's claim first, then the next run's
        String next = startRun();

        await().atMost(Duration.ofSeconds(10)).until(() -> dispatches().size() >= 2);
        assertThat(dispatches()).extracting(Dispatch::getRunId, Dispatch::getEpoch)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(runId, 1L), org.assertj.core.groups.Tuple.tuple(next, 1L));
        assertThat(holder.holdsRun(runId)).isTrue();
        assertThat(store.run(runId).orElseThrow().epoch()).as("the holder's writes stay valid").isEqualTo(1);
    }

    /** Starts a run of the workflow the session registered, by the qualified name the runtime keeps it under. */
    private String startRun() {
        return startRun(0);
    }

    private String startRun(int priority) {
        return engine.start(new StartCommand("default/wf", dev.mainstay.store.ComponentKind.WORKFLOW,
                "null".getBytes(StandardCharsets.UTF_8), null, null, List.of(), null, priority)).run().id();
    }

    private void complete(WorkerSession session, Dispatch dispatch) {
        session.onNext(WorkerMessage.newBuilder().setComplete(dev.mainstay.protocol.v1.Complete.newBuilder()
                .setRunId(dispatch.getRunId()).setEpoch(dispatch.getEpoch())
                .setOutput(com.google.protobuf.ByteString.copyFromUtf8("null"))).build());
    }

    @Test
    void aStartWithAWorkerFree_isClaimedForItInTheCommitThatCreatesTheRun() {
        WorkerSession session = connect(2);
        AtomicInteger commits = new AtomicInteger();
        store.onCommit((size, nanos) -> commits.incrementAndGet());

        String runId = startRun();

        assertThat(commits).as("one commit for the start and the claim").hasValue(1);
        assertThat(store.run(runId).orElseThrow()).satisfies(run -> {
            assertThat(run.status()).as("held once the start returns").isEqualTo(RunStatus.RUNNING);
            assertThat(run.epoch()).isEqualTo(1);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatches().size() == 1);
        assertThat(dispatches().get(0).getRunId()).isEqualTo(runId);
        assertThat(session.freeSlots()).isEqualTo(1);
    }

    @Test
    void aStartThatReturnsTheRunOfItsKey_givesTheSlotItReservedBack() {
        WorkerSession session = connect(2);
        StartCommand keyed = new StartCommand("default/wf", dev.mainstay.store.ComponentKind.WORKFLOW,
                "null".getBytes(StandardCharsets.UTF_8), "order-7", null, List.of(), null, 0);
        String first = engine.start(keyed).run().id();
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatches().size() == 1);

        var again = engine.start(keyed);

        assertThat(again.created()).isFalse();
        assertThat(again.run().id()).isEqualTo(first);
        assertThat(session.freeSlots()).as("the second start's reservation was given back").isEqualTo(1);
        String next = startRun();
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatches().size() == 2);
        assertThat(dispatches()).extracting(Dispatch::getRunId).containsExactly(first, next);
    }

    @Test
    void runsWaitingForASlot_goHighestPriorityFirst_andInStartOrderWithinOne() {
        WorkerSession session = connect(1);
        String busy = startRun(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatches().size() == 1);
        String low1 = startRun(-5);
        String normal1 = startRun(0);
        String high = startRun(10);
        String normal2 = startRun(0);
        String low2 = startRun(-5);

        for (int done = 1; done < 6; done++) {
            complete(session, dispatches().get(done - 1));
            int next = done + 1;
            await().atMost(Duration.ofSeconds(10)).until(() -> dispatches().size() == next);
        }

        assertThat(dispatches()).extracting(Dispatch::getRunId).containsExactly(busy, high, normal1, normal2, low1, low2);
    }

    @Test
    void dispatchThatFailsToSend_releasesTheRunAndDispatchesItAgain() {
        AtomicInteger failures = new AtomicInteger(1);
        dispatcher.telemetry(new DispatchTelemetry() {
            @Override
            public String traceParent(String runId) {
                if (failures.getAndDecrement() > 0) {
                    throw new IllegalStateException("telemetry broke while the dispatch was prepared");
                }
                return null;
            }
        });
        connect();
        String runId = startRun();

        await().atMost(Duration.ofSeconds(10)).until(() -> !dispatches().isEmpty());
        assertThat(dispatches()).singleElement().satisfies(d -> {
            assertThat(d.getRunId()).isEqualTo(runId);
            assertThat(d.getEpoch()).as("the first claim's epoch was released, not left RUNNING").isEqualTo(2);
        });
        var run = engine.run(runId);
        assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.epoch()).isEqualTo(2);
    }
}
