package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.mainstay.e2e.CountingWorker.Plan;
import dev.mainstay.protocol.v1.Ack;
import dev.mainstay.protocol.v1.AttemptFailed;
import dev.mainstay.protocol.v1.AttemptBegan;
import dev.mainstay.protocol.v1.AwaitEvent;
import dev.mainstay.protocol.v1.Dispatch;
import dev.mainstay.protocol.v1.Failure;
import dev.mainstay.protocol.v1.Progress;
import dev.mainstay.protocol.v1.Release;
import dev.mainstay.protocol.v1.StartChild;
import dev.mainstay.protocol.v1.StepHeartbeat;
import dev.mainstay.protocol.v1.StepStarted;
import dev.mainstay.protocol.v1.WorkerMessage;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StepInfo;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Fencing binds every write to the worker stream that holds the run: another connected worker
 * that knows the run's id and epoch (both public) can neither write to it nor take it.
 */
class WorkerFencingIT extends RealProcessesTest {

    @Test
    void secondWorker_cannotWriteToTakeOrTimeOutAnotherWorkersRun() throws Exception {
        processes.runtime(dataDir);
        processes.worker(CountingWorker.class.getName(), "--block-at", "3");
        RunInfo run = startWhenRegistered("steps", new Plan(dir.toString(), 5));
        await("step 3 in flight").atMost(TIMEOUT).until(() -> Files.exists(dir.resolve("started-3")));
        String id = run.id();
        long epoch = client.run(id).epoch(); // public: anyone can read it

        try (RogueWorker rogue = new RogueWorker(processes)) {
            rogue.register("rogue", 10, RogueWorker.workflow("rogue-only"));
            // a step deadline of 1 ms at the position in flight would take the run when it passes
            rogue.send(WorkerMessage.newBuilder().setStepStarted(StepStarted.newBuilder().setRunId(id).setEpoch(epoch)
                    .setPosition(3).setKind("step").setName("step-3").setAttempt(1).setTimeoutMs(1)
                    .setStartedAtMs(System.currentTimeMillis())).build());
            rogue.send(WorkerMessage.newBuilder().setStepHeartbeat(StepHeartbeat.newBuilder().setRunId(id).setEpoch(epoch)
                    .setPosition(3)).build());
            rogue.send(WorkerMessage.newBuilder().setProgress(Progress.newBuilder().setRunId(id).setEpoch(epoch)
                    .setPosition(3).setAttemptBegan(AttemptBegan.newBuilder().setKind("step").setName("forged").setAttempt(1)))
                    .build());

            rogue.send(RogueWorker.append(id, epoch, 3, "\"forged\""));
            assertStale(rogue.ack(id, epoch, 3));
            rogue.send(WorkerMessage.newBuilder().setAttemptFailed(AttemptFailed.newBuilder().setRunId(id).setEpoch(epoch)
                    .setPosition(3).setKind("step").setName("step-3").setAttempt(1)
                    .setFailure(Failure.newBuilder().setCode("STEP_FAILED").setMessage("forged"))
                    .setRetryAtMs(System.currentTimeMillis() + 60_000).setSuspend(true)).build());
            assertStale(rogue.ack(id, epoch, 3));
            rogue.send(WorkerMessage.newBuilder().setAwaitEvent(AwaitEvent.newBuilder().setRunId(id).setEpoch(epoch)
                    .setPosition(4).setName("approval").setTimeoutMs(60_000)).build());
            assertStale(rogue.ack(id, epoch, 4));
            rogue.send(WorkerMessage.newBuilder().setStartChild(StartChild.newBuilder().setRunId(id).setEpoch(epoch)
                    .setPosition(4).setComponent("steps").setInput(ByteString.copyFromUtf8("{\"dir\":\"/tmp\",\"steps\":0}")))
                    .build());
            assertStale(rogue.ack(id, epoch, 4));
            rogue.send(WorkerMessage.newBuilder().setRelease(Release.newBuilder().setRunId(id).setEpoch(epoch)).build());
            assertStale(rogue.ack(id, epoch, 0));
            rogue.send(RogueWorker.complete(id, epoch, "\"forged\""));
            assertStale(rogue.ack(id, epoch, 0));

            RunInfo during = client.run(id);
            assertThat(during.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(during.epoch()).as("nobody took the run").isEqualTo(epoch);
            assertThat(client.journal(id)).extracting(StepInfo::name).containsExactly("step-1", "step-2");
            assertThat(rogue.seen()).noneMatch(m -> m.hasDispatch());
        }

        Files.writeString(dir.resolve("release"), "go");
        RunInfo done = client.await(id, TIMEOUT);
        assertThat(done.status()).as("error: %s", done.error()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().toString()).isEqualTo("[10,20,30,40,50]");
        assertThat(done.epoch()).as("never timed out, released or re-dispatched").isEqualTo(epoch);
        assertThat(client.journal(id)).extracting(StepInfo::name)
                .containsExactly("step-1", "step-2", "step-3", "step-4", "step-5");
        assertThat(client.attempts(id)).as("no forged attempt, no timeout").isEmpty();
        assertThat(client.runs(dev.mainstay.sdk.RunQuery.defaults()).runs()).as("no child was started")
                .extracting(RunInfo::id).containsExactly(id);
    }

    @Test
    void runDispatchedToOneStream_refusesTheSameWorkersOtherStream() throws Exception {
        processes.runtime(dataDir);
        RunInfo run;
        try (RogueWorker holder = new RogueWorker(processes);
             RogueWorker twin = new RogueWorker(processes)) {
            holder.register("same-id", 1, RogueWorker.workflow("raw"));
            twin.register("same-id", 1, RogueWorker.workflow("raw-other"));
            run = startWhenRegistered("raw", null);
            Dispatch dispatch = holder.nextDispatch(TIMEOUT);

            twin.send(RogueWorker.append(run.id(), dispatch.getEpoch(), 1, "1"));
            assertStale(twin.ack(run.id(), dispatch.getEpoch(), 1));
            holder.send(RogueWorker.append(run.id(), dispatch.getEpoch(), 1, "2"));
            assertThat(holder.ack(run.id(), dispatch.getEpoch(), 1).getOk()).isTrue();
            holder.send(RogueWorker.complete(run.id(), dispatch.getEpoch(), "\"mine\""));
            assertThat(holder.ack(run.id(), dispatch.getEpoch(), 0).getOk()).isTrue();
        }
        RunInfo done = client.run(run.id());
        assertThat(done.output().asText()).isEqualTo("mine");
        assertThat(client.journal(run.id())).singleElement().satisfies(e -> assertThat(e.output().asInt()).isEqualTo(2));
    }

    @Test
    void release_refusesTheRunsLaterWrites_andFreesTheSlotOnlyOnceCommitted() throws Exception {
        processes.runtime(dataDir);
        try (RogueWorker worker = new RogueWorker(processes)) {
            worker.register("drainer", 1, RogueWorker.workflow("raw"));
            RunInfo run = startWhenRegistered("raw", null);
            Dispatch first = worker.nextDispatch(TIMEOUT);

            // pipelined: the append arrives right behind the release, before its commit
            worker.send(WorkerMessage.newBuilder().setRelease(Release.newBuilder().setRunId(run.id())
                    .setEpoch(first.getEpoch())).build());
            worker.send(RogueWorker.append(run.id(), first.getEpoch(), 1, "\"after release\""));
            assertStale(worker.ack(run.id(), first.getEpoch(), 1));
            assertThat(worker.ack(run.id(), first.getEpoch(), 0).getOk()).isTrue();

            // the freed slot takes the released run again, under a new epoch, with nothing journaled
            Dispatch second = worker.nextDispatch(TIMEOUT);
            assertThat(second.getRunId()).isEqualTo(run.id());
            assertThat(second.getEpoch()).isEqualTo(first.getEpoch() + 1);
            assertThat(second.getJournalList()).isEmpty();
            assertThat(client.journal(run.id())).isEmpty();
        }
    }

    @Test
    void releaseUntil_suspendsTheRunUntilThen_withoutAJournalEntry_andItIsDispatchedWhenDue() throws Exception {
        processes.runtime(dataDir);
        try (RogueWorker worker = new RogueWorker(processes)) {
            worker.register("sleeper", 1, RogueWorker.workflow("raw"));
            RunInfo run = startWhenRegistered("raw", null);
            Dispatch first = worker.nextDispatch(TIMEOUT);
            long wakeAt = System.currentTimeMillis() + 2_000;

            worker.send(WorkerMessage.newBuilder().setRelease(Release.newBuilder().setRunId(run.id())
                    .setEpoch(first.getEpoch()).setSuspendUntilMs(wakeAt)).build());
            assertThat(worker.ack(run.id(), first.getEpoch(), 0).getOk()).isTrue();
            RunInfo suspended = client.run(run.id());
            assertThat(suspended.status()).as("given back until its wake time, holding no slot").isEqualTo(RunStatus.SUSPENDED);
            assertThat(client.journal(run.id())).isEmpty();

            Dispatch second = worker.nextDispatch(TIMEOUT);
            assertThat(System.currentTimeMillis()).as("not before its wake time").isGreaterThanOrEqualTo(wakeAt);
            assertThat(second.getEpoch()).isEqualTo(first.getEpoch() + 1);
        }
    }

    static void assertStale(Ack ack) {
        assertThat(ack.getOk()).as("ack %s", ack).isFalse();
        assertThat(ack.getErrorCode()).as("ack %s", ack).isEqualTo("STALE_EPOCH");
    }
}
