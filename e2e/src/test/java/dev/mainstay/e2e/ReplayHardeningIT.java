package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.e2e.ReplayWorker.Job;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StepInfo;
import dev.mainstay.testing.ProcessSet;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replay against real processes (issue 11): what a changed body, a cancel, a crash or another
 * worker's registration does to a run's replay.
 */
class ReplayHardeningIT extends RealProcessesTest {

    Job job() {
        return new Job(dir.toString(), processes.url());
    }

    @Test
    void nonDeterminism_caughtByTheBody_stillFailsTheRun_andLeavesTheJournalAsItWas() {
        processes.runtime(dataDir);
        Process old = processes.worker(ReplayWorker.class.getName());
        RunInfo run = startWhenRegistered("swallow", job());
        await("asleep").atMost(TIMEOUT).until(() -> client.run(run.id()).status() == RunStatus.SUSPENDED);
        List<StepInfo> before = client.journal(run.id());

        ProcessSet.kill(old);
        processes.worker(ReplayWorker.class.getName(), "--changed");
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.FAILED);
        assertThat(done.error().code()).isEqualTo("NON_DETERMINISM");
        assertThat(done.error().message()).contains("1", "step 'one'", "step 'uno'");
        assertThat(client.journal(run.id())).isEqualTo(before).extracting(StepInfo::kind).containsExactly("step", "sleep");
    }

    @Test
    void parallelStepRetry_afterAKillOfItsWorker_startsNoEarlierThanTheStoredRetryTime() throws Exception {
        processes.runtime(dataDir);
        Process first = processes.worker(ReplayWorker.class.getName());
        RunInfo run = startWhenRegistered("parallel-backoff", job());
        await("attempt 1 failed, its retry 8 s away").atMost(TIMEOUT).until(() -> client.attempts(run.id()).size() == 1);
        java.time.Instant retryAt = client.attempts(run.id()).get(0).retryAt();

        ProcessSet.kill(first);
        processes.worker(ReplayWorker.class.getName());
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        List<String> attempts = Files.readAllLines(dir.resolve("attempts.txt"));
        assertThat(attempts).hasSize(2);
        assertThat(Long.parseLong(attempts.get(1))).as("attempt 2 started at or after the journaled retry time")
                .isGreaterThanOrEqualTo(retryAt.toEpochMilli());
    }

    @Test
    void changedBody_runningASequentialStepIntoAPositionAParallelStepLeftEmpty_isNonDeterminism() {
        processes.runtime(dataDir);
        Process old = processes.worker(ReplayWorker.class.getName());
        RunInfo run = startWhenRegistered("parallel-gap", job());
        await("slow in flight, fast journaled after it").atMost(TIMEOUT)
                .until(() -> Files.exists(dir.resolve("started-slow")) && client.journal(run.id()).size() == 1);

        ProcessSet.kill(old);
        processes.worker(ReplayWorker.class.getName(), "--changed");
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.FAILED);
        assertThat(done.error().code()).isEqualTo("NON_DETERMINISM");
        assertThat(done.error().message()).contains("step 'other'");
        assertThat(client.journal(run.id())).extracting(StepInfo::name).containsExactly("fast");
    }

    @Test
    void changedBody_startingAnotherParallelStepWhereFailedAttemptsAre_isNonDeterminism() {
        processes.runtime(dataDir);
        Process old = processes.worker(ReplayWorker.class.getName());
        RunInfo run = startWhenRegistered("renamed-retry", job());
        await("attempt 1 of 'flaky' failed").atMost(TIMEOUT).until(() -> client.attempts(run.id()).size() == 1);

        ProcessSet.kill(old);
        processes.worker(ReplayWorker.class.getName(), "--changed");
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.FAILED);
        assertThat(done.error().code()).isEqualTo("NON_DETERMINISM");
        assertThat(done.error().message()).contains("step 'flaky'", "step 'renamed'");
        assertThat(client.journal(run.id())).isEmpty();
    }

    @Test
    void cancelCommittedJustBeforeATenMinuteSleep_endsTheRunCancelledAtOnce_withItsCleanup() {
        processes.runtime(dataDir);
        processes.worker(ReplayWorker.class.getName());
        RunInfo run = startWhenRegistered("cancel-before-sleep", job());

        // ten minutes if the sleep ignores the cancel: waiting 20 s is enough to tell
        RunInfo done = client.await(run.id(), java.time.Duration.ofSeconds(20));

        assertThat(done.status()).isEqualTo(RunStatus.CANCELLED);
        List<StepInfo> journal = client.journal(run.id());
        assertThat(journal).extracting(StepInfo::name).containsExactly("cancel-me", "sleep", "cancel", "cleanup");
        assertThat(journal.get(0).output().asText()).isEqualTo("cancel answered 202");
        assertThat(java.time.Duration.between(journal.get(0).finishedAt(), done.finishedAt()))
                .as("from the cancel to the end").isLessThan(java.time.Duration.ofSeconds(3));
        assertThat(client.workers()).singleElement().satisfies(w -> assertThat(w.inFlight()).as("the slot is free").isZero());
    }

    @Test
    void callJournaledLocally_replaysOnAWorkerThatDoesNotRegisterTheFunction() throws Exception {
        processes.runtime(dataDir);
        Process withFunction = processes.worker(ReplayWorker.class.getName(), "--with-function");
        RunInfo run = startWhenRegistered("caller", job());
        await("the call journaled, the gate in flight").atMost(TIMEOUT)
                .until(() -> Files.exists(dir.resolve("started-gate")) && client.journal(run.id()).size() == 1);
        assertThat(client.journal(run.id())).extracting(StepInfo::kind).containsExactly("call");

        ProcessSet.kill(withFunction);
        Files.writeString(dir.resolve("release-gate"), "go");
        processes.worker(ReplayWorker.class.getName());
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().asText()).isEqualTo("42gate");
        assertThat(client.journal(run.id())).extracting(StepInfo::kind).containsExactly("call", "step");
    }

    @Test
    void callJournaledAsAChildRun_replaysAsAChildOnAWorkerThatRegistersTheFunction() throws Exception {
        processes.runtime(dataDir);
        processes.worker(ReplayWorker.class.getName(), "--only-function");
        Process withoutFunction = processes.worker(ReplayWorker.class.getName());
        RunInfo run = startWhenRegistered("caller", job());
        await("the child's outcome journaled, the gate in flight").atMost(TIMEOUT)
                .until(() -> Files.exists(dir.resolve("started-gate")) && client.journal(run.id()).size() == 2);
        assertThat(client.journal(run.id())).extracting(StepInfo::kind).containsExactly("child", "event");

        ProcessSet.kill(withoutFunction);
        Files.writeString(dir.resolve("release-gate"), "go");
        processes.worker(ReplayWorker.class.getName(), "--with-function");
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().asText()).isEqualTo("42gate");
        assertThat(client.journal(run.id())).extracting(StepInfo::kind).containsExactly("child", "event", "step");
    }

    @Test
    void cancelArrivingDuringAParallelStepsInThreadBackoff_cutsItShort_andTheRunEndsCancelled() {
        processes.runtime(dataDir);
        processes.worker(ReplayWorker.class.getName());
        RunInfo run = startWhenRegistered("cancel-during-backoff", job());
        await("attempt 1 failed, 30 s to the next").atMost(TIMEOUT).until(() -> client.attempts(run.id()).size() == 1);

        client.cancel(run.id());
        RunInfo done = client.await(run.id(), java.time.Duration.ofSeconds(15));

        assertThat(done.status()).isEqualTo(RunStatus.CANCELLED);
        List<StepInfo> journal = client.journal(run.id());
        assertThat(journal).extracting(StepInfo::name).containsExactly("flaky", "cancel", "cleanup");
        assertThat(journal.get(0).status()).isEqualTo("FAILED");
        assertThat(journal.get(0).error().code()).as("the step gave up: a cancelled run does not retry").isEqualTo("CANCELLED");
        assertThat(client.attempts(run.id())).as("no second attempt ran").hasSize(1);
    }
}
