package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.e2e.CountingWorker.Plan;
import dev.mainstay.examples.ExampleWorker;
import dev.mainstay.examples.TripBooking.Trip;
import dev.mainstay.sdk.AttemptInfo;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StepInfo;
import dev.mainstay.testing.ProcessSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Retries through durable timers, attempt counts across SIGKILL, sagas, and lease expiry of a frozen
 * worker. The tests that neither kill nor configure the runtime share one ({@link #sharedRuntime}).
 */
class RetriesAndLeasesIT extends RealProcessesTest {

    @Test
    @AlsoOnPostgres
    void failingStep_isRetriedThroughDurableTimersAndEveryAttemptIsJournaled() throws Exception {
        processes.runtime(dataDir, "--retry-initial-interval-ms", "300");
        processes.worker(RetryWorker.class.getName());

        RunInfo run = startWhenRegistered("flaky", new RetryWorker.Plan(dir.toString(), 2, false));
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).as("error: %s", done.error()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().asText()).isEqualTo("ok after 3");
        assertThat(RetryWorker.executions(dir)).isEqualTo(3);
        List<AttemptInfo> attempts = client.attempts(run.id());
        assertThat(attempts).extracting(AttemptInfo::attempt).containsExactly(1, 2);
        assertThat(attempts).allSatisfy(a -> {
            assertThat(a.error().type()).isEqualTo(IllegalStateException.class.getName());
            assertThat(a.retryAt()).isAfter(a.finishedAt());
        });
        assertThat(client.journal(run.id())).singleElement().satisfies(step -> {
            assertThat(step.attempt()).isEqualTo(3);
            assertThat(step.status()).isEqualTo("SUCCEEDED");
        });
        assertThat(done.epoch()).as("each retry was a new dispatch from the timer").isEqualTo(3);
    }

    @Test
    @AlsoOnPostgres
    void attemptCount_survivesKillOfRuntimeAndWorkerBetweenAttempts() throws Exception {
        Process runtime = processes.runtime(dataDir, "--retry-initial-interval-ms", "1500");
        Process worker = processes.worker(RetryWorker.class.getName());
        RunInfo run = startWhenRegistered("flaky", new RetryWorker.Plan(dir.toString(), 99, false));
        await("first attempt journaled").atMost(TIMEOUT).until(() -> client.attempts(run.id()).size() == 1);
        assertThat(client.run(run.id()).status()).isEqualTo(RunStatus.SUSPENDED);

        ProcessSet.kill(worker);
        ProcessSet.kill(runtime);
        processes.runtime(dataDir, "--retry-initial-interval-ms", "1500");
        processes.worker(RetryWorker.class.getName());
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.FAILED);
        assertThat(done.error().code()).isEqualTo("STEP_FAILED");
        assertThat(RetryWorker.executions(dir)).as("3 attempts in all, not reset by the crash").isEqualTo(3);
        assertThat(client.attempts(run.id())).extracting(AttemptInfo::attempt).containsExactly(1, 2);
        assertThat(client.journal(run.id())).singleElement().satisfies(step -> {
            assertThat(step.attempt()).isEqualTo(3);
            assertThat(step.status()).isEqualTo("FAILED");
        });
    }

    @Test
    void terminalFailure_isNotRetried() throws Exception {
        processes.runtime(dataDir, "--retry-initial-interval-ms", "100");
        processes.worker(RetryWorker.class.getName());
        RunInfo run = startWhenRegistered("flaky", new RetryWorker.Plan(dir.toString(), 0, true));
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.FAILED);
        assertThat(RetryWorker.executions(dir)).isEqualTo(1);
        assertThat(client.attempts(run.id())).isEmpty();
        assertThat(done.error().message()).contains("partner refused for good");
    }

    @Test
    @AlsoOnPostgres
    void slowStep_losesItsLeaseAtTheTimeoutAndItsLateResultIsRefused() throws Exception {
        processes.runtime(dataDir, "--retry-initial-interval-ms", "200");
        processes.worker(RetryWorker.class.getName(), "1");
        RunInfo run = startWhenRegistered("slow-once", dir.toString());
        await("slow attempt started").atMost(TIMEOUT).until(() -> RetryWorker.executions(dir) == 1);
        processes.worker(RetryWorker.class.getName(), "1000");

        RunInfo done = client.await(run.id(), TIMEOUT);
        assertThat(done.status()).as("error: %s", done.error()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().asText()).isEqualTo("fast");
        await("the slow attempt finished late").atMost(TIMEOUT).until(() -> Files.exists(dir.resolve("slow-finished")));

        assertThat(client.attempts(run.id())).singleElement().satisfies(a -> {
            assertThat(a.attempt()).isEqualTo(1);
            assertThat(a.error().code()).isEqualTo("STEP_TIMED_OUT");
        });
        assertThat(client.journal(run.id())).singleElement().satisfies(step -> {
            assertThat(step.attempt()).isEqualTo(2);
            assertThat(step.output().asText()).isEqualTo("fast");
        });
        assertThat(client.run(run.id()).output().asText()).as("the late 'slow' result changed nothing").isEqualTo("fast");
    }

    @Test
    void runTimeout_failsARunThatOverrunsIt() throws Exception {
        sharedRuntime();
        processes.worker(RetryWorker.class.getName());
        RunInfo run = startWhenRegistered("endless", null);
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.FAILED);
        assertThat(done.error().code()).isEqualTo("RUN_TIMED_OUT");
        assertThat(done.durationMs()).isBetween(1_500L, 10_000L);
    }

    @Test
    void saga_compensatesBookingsWhenOneFailsForGood() throws Exception {
        sharedRuntime();
        processes.worker(ExampleWorker.class.getName());
        RunInfo run = startWhenRegistered("book-trip", new Trip("ada", "LH-123", "grand", "sold-out-cabrio"));
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).as("error: %s", done.error()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(done.output().path("cancelled").toString()).isEqualTo("[\"hotel:grand\",\"flight:LH-123\"]");
        assertThat(client.journal(run.id())).extracting(StepInfo::name)
                .containsExactly("book-flight", "book-hotel", "book-car", "cancel-hotel:grand", "cancel-flight:LH-123");
    }

    @Test
    @AlsoOnPostgres
    void frozenWorker_losesItsLeaseAndItsLateWriteIsRefused() throws Exception {
        processes.runtime(dataDir, "--heartbeat-interval-ms", "200", "--worker-lease-ms", "1000");
        Process frozen = processes.worker(CountingWorker.class.getName(), "--block-at", "3");
        RunInfo run = startWhenRegistered("steps", new Plan(dir.toString(), 5));
        await("step 3 in flight").atMost(TIMEOUT).until(() -> Files.exists(dir.resolve("started-3")));

        signal("STOP", frozen);
        processes.worker(CountingWorker.class.getName());
        Files.writeString(dir.resolve("release"), "go");
        RunInfo done = client.await(run.id(), TIMEOUT);
        signal("CONT", frozen);

        assertThat(done.status()).as("error: %s", done.error()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.epoch()).isEqualTo(2);
        // step 3 ran twice (frozen worker, then its successor); whatever the frozen worker sends after
        // waking carries epoch 1 and is refused, so the journal keeps exactly one entry per position
        assertThat(CountingWorker.effects(dir).stream().filter(l -> l.endsWith("step 3")).count()).isEqualTo(2);
        assertThat(client.journal(run.id())).extracting(StepInfo::position).containsExactly(1, 2, 3, 4, 5);
        assertThat(client.run(run.id()).output().toString()).isEqualTo("[10,20,30,40,50]");
        assertThat(CountingWorker.effects(dir).stream().filter(l -> l.endsWith("step 1")).count()).isEqualTo(1);
    }

    @Test
    void aLoneRuntimeFrozenPastItsNodeLease_goesOnWhenThawed_withEveryStepRunOnce() throws Exception {
        Process runtime = processes.runtime(dataDir, "--node-lease-ms", "1000");
        processes.worker(CountingWorker.class.getName(), "--block-at", "2");
        RunInfo run = startWhenRegistered("steps", new Plan(dir.toString(), 3));
        await("step 2 in flight").atMost(TIMEOUT).until(() -> Files.exists(dir.resolve("started-2")));

        signal("STOP", runtime); // a suspended laptop, a paused VM: three leases pass
        await("frozen past its lease").during(java.time.Duration.ofSeconds(3)).atMost(java.time.Duration.ofSeconds(5))
                .until(runtime::isAlive);
        signal("CONT", runtime);
        await("its lease renewed late, not lost").atMost(TIMEOUT)
                .until(() -> Files.readString(processes.logs().get(0)).contains("event=node_lease_renewed_late"));
        Files.writeString(dir.resolve("release"), "go");

        RunInfo done = client.await(run.id(), TIMEOUT);
        assertThat(runtime.isAlive()).as("no one declared it dead: it did not exit").isTrue();
        assertThat(done.status()).as("error: %s", done.error()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.epoch()).as("never taken from its worker").isEqualTo(1);
        assertThat(CountingWorker.effects(dir)).containsExactly(run.id() + " step 1", run.id() + " step 2",
                run.id() + " step 3");
        assertThat(Files.readString(processes.logs().get(0))).doesNotContain("event=node_lease_lost");
    }

    private static void signal(String signal, Process process) throws Exception {
        new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor();
    }
}
