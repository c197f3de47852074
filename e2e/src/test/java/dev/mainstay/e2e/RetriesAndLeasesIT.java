package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.e2e.CountingWorker.Plan;
import dev.mainstay.examples.ExampleWorker;
import dev.mainstay.examples.TripBooking.Trip;
import dev.mainstay.sdk.AttemptInfo;
import dev.mainstay.sdk.MainstayApiException;
import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StartOptions;
import dev.mainstay.sdk.StepInfo;
import dev.mainstay.testing.ProcessSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Retries through durable timers, attempt counts across SIGKILL, sagas, and lease expiry of a frozen worker. */
@ExtendWith(DumpLogsOnFailure.class)
class RetriesAndLeasesIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    ProcessSet processes;
    Path dataDir;
    MainstayClient client;

    @BeforeEach
    void setUp(org.junit.jupiter.api.TestInfo test) {
        // logs outside the temp dir: kept as test artefacts, and still there when a failure is reported
        processes = new ProcessSet(Path.of("target", "e2e-logs", getClass().getSimpleName(),
                test.getTestMethod().orElseThrow().getName()));
        dataDir = dir.resolve("data");
        client = MainstayClient.connect(processes.url());
        DumpLogsOnFailure.track(processes);
    }

    @AfterEach
    void tearDown() {
        processes.close();
    }

    private RunInfo startWhenRegistered(String workflow, Object input) {
        return await("'" + workflow + "' registered").atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .ignoreException(MainstayApiException.class)
                .until(() -> client.start(workflow, input, StartOptions.defaults()), run -> run != null);
    }

    @Test
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
    void runTimeout_failsARunThatOverrunsIt() {
        processes.runtime(dataDir);
        processes.worker(RetryWorker.class.getName());
        RunInfo run = startWhenRegistered("endless", null);
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.FAILED);
        assertThat(done.error().code()).isEqualTo("RUN_TIMED_OUT");
        assertThat(done.durationMs()).isBetween(1_500L, 10_000L);
    }

    @Test
    void durableSleep_holdsNoWorkerAndSurvivesKillOfEverything() throws Exception {
        Process runtime = processes.runtime(dataDir);
        Process worker = processes.worker(RetryWorker.class.getName());
        RunInfo run = startWhenRegistered("nap", dir.toString());
        await("asleep").atMost(TIMEOUT).until(() -> client.run(run.id()).status() == RunStatus.SUSPENDED);
        RunInfo asleep = client.run(run.id());
        assertThat(asleep.wakeAt()).isAfter(asleep.createdAt().plusMillis(1_500));
        assertThat(client.workers()).singleElement().satisfies(w -> assertThat(w.inFlight()).isZero());

        ProcessSet.kill(worker);
        ProcessSet.kill(runtime);
        processes.runtime(dataDir);
        processes.worker(RetryWorker.class.getName());
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.finishedAt()).isAfterOrEqualTo(asleep.wakeAt());
        assertThat(Files.readAllLines(dir.resolve("executions.txt"))).containsExactly("before", "after");
        assertThat(client.journal(run.id())).extracting(StepInfo::kind).containsExactly("step", "sleep", "step");
    }

    @Test
    void events_wakeAWaitingRunAreKeptInOrderAndDeduplicated() {
        processes.runtime(dataDir);
        processes.worker(RetryWorker.class.getName());
        RunInfo run = startWhenRegistered("approval", 60_000);
        await("waiting").atMost(TIMEOUT).until(() -> client.run(run.id()).status() == RunStatus.SUSPENDED);

        client.sendEvent(run.id(), "decision", new RetryWorker.Decision(true, "ada"), "d-1");
        client.sendEvent(run.id(), "decision", new RetryWorker.Decision(false, "mallory"), "d-1"); // redelivery: dropped
        String cli = DurableCoreIT.cli("events", "send", run.id(), "decision", "--data",
                "{\"approved\":false,\"by\":\"bob\"}", "--url", processes.url());
        assertThat(cli).contains("delivered");
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().asText()).isEqualTo("approved by ada; rejected by bob");
        assertThat(client.journal(run.id())).extracting(StepInfo::kind).containsExactly("event", "event");
    }

    @Test
    void humanInput_showsTheQuestionRefusesAnAnswerThatDoesNotFitAndTakesOneThatDoes() throws Exception {
        processes.runtime(dataDir);
        processes.worker(RetryWorker.class.getName());
        RunInfo run = startWhenRegistered("refund", null);
        await("asking").atMost(TIMEOUT).until(() -> client.run(run.id()).status() == RunStatus.SUSPENDED);

        assertThat(client.run(run.id()).waitingFor()).isEqualTo("approve-refund");
        assertThat(client.journal(run.id())).singleElement().satisfies(question -> {
            assertThat(question.kind()).isEqualTo("input");
            assertThat(question.output().path("prompt").asText()).isEqualTo("Refund 120 EUR to order 1001?");
            assertThat(question.output().path("kind").asText()).isEqualTo("APPROVAL");
        });
        assertThat(DurableCoreIT.cli("runs", "show", run.id(), "--url", processes.url()))
                .contains("waits for event 'approve-refund'");
        Http.Response wrong = new Http(processes.url()).post("/v1/runs/" + run.id() + "/events/approve-refund", "\"yes\"");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().path("code").asText()).isEqualTo("INVALID_INPUT");

        client.sendEvent(run.id(), "approve-refund", true, null);
        assertThat(client.await(run.id(), TIMEOUT).output().asText()).isEqualTo("refunded");
    }

    @Test
    void events_timeoutIsATypedResultNotACrash() {
        processes.runtime(dataDir);
        processes.worker(RetryWorker.class.getName());
        RunInfo run = startWhenRegistered("approval", 700);
        RunInfo done = client.await(run.id(), TIMEOUT);
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().asText()).isEqualTo("timed out; timed out");
    }

    @Test
    void events_toAFinishedOrUnknownRunAreRefused() throws Exception {
        processes.runtime(dataDir);
        processes.worker(RetryWorker.class.getName());
        RunInfo run = startWhenRegistered("approval", 0);
        client.await(run.id(), TIMEOUT);
        Http http = new Http(processes.url());
        Http.Response finished = http.post("/v1/runs/" + run.id() + "/events/decision", "{}");
        assertThat(finished.status()).isEqualTo(409);
        assertThat(finished.json().path("code").asText()).isEqualTo("EVENT_REFUSED");
        assertThat(http.post("/v1/runs/nope/events/decision", "{}").status()).isEqualTo(404);
        assertThat(http.post("/v1/runs/" + run.id() + "/events/decision", "{oops").json().path("code").asText())
                .isEqualTo("MALFORMED_JSON");
    }

    @Test
    void cancel_ofAWaitingRunIsImmediateAndFinal() throws Exception {
        processes.runtime(dataDir);
        processes.worker(RetryWorker.class.getName());
        RunInfo run = startWhenRegistered("approval", 60_000);
        await("waiting").atMost(TIMEOUT).until(() -> client.run(run.id()).status() == RunStatus.SUSPENDED);

        String printed = DurableCoreIT.cli("runs", "cancel", run.id(), "--url", processes.url());
        assertThat(printed).contains("CANCELLED");
        assertThat(client.await(run.id(), TIMEOUT).status()).isEqualTo(RunStatus.CANCELLED);
        Http.Response again = new Http(processes.url()).post("/v1/runs/" + run.id() + "/cancel", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("code").asText()).isEqualTo("RUN_ALREADY_FINISHED");
        Http.Response event = new Http(processes.url()).post("/v1/runs/" + run.id() + "/events/decision", "{}");
        assertThat(event.status()).as("a cancelled run takes no events").isEqualTo(409);
    }

    @Test
    void cancel_ofARunningRunLetsItCleanUpThenEndsCancelled() throws Exception {
        processes.runtime(dataDir);
        processes.worker(RetryWorker.class.getName());
        RunInfo run = startWhenRegistered("cancellable", dir.toString());
        await("working").atMost(TIMEOUT).until(() -> Files.exists(dir.resolve("working")));

        RunInfo requested = client.cancel(run.id());
        assertThat(requested.status()).isEqualTo(RunStatus.RUNNING);
        Files.writeString(dir.resolve("release"), "go");
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(done.error().code()).isEqualTo("CANCELLED");
        assertThat(client.journal(run.id())).extracting(StepInfo::name).containsExactly("work", "cleanup");
    }

    @Test
    void saga_compensatesBookingsWhenOneFailsForGood() {
        processes.runtime(dataDir);
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

    private static void signal(String signal, Process process) throws Exception {
        new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor();
    }
}
