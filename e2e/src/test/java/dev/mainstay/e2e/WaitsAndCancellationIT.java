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
 * Durable waits and control: sleeps, events, human input and cancellation, against real processes.
 * All but the kill test share one runtime ({@link #sharedRuntime}); each starts its own worker.
 */
class WaitsAndCancellationIT extends RealProcessesTest {

    @Test
    @AlsoOnPostgres
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
    @AlsoOnPostgres
    void events_wakeAWaitingRunAreKeptInOrderAndDeduplicated() throws Exception {
        sharedRuntime();
        processes.worker(RetryWorker.class.getName());
        RunInfo run = startWhenRegistered("approval", 60_000);
        await("waiting").atMost(TIMEOUT).until(() -> client.run(run.id()).status() == RunStatus.SUSPENDED);

        client.sendEvent(run.id(), "decision", new RetryWorker.Decision(true, "ada"), "d-1");
        client.sendEvent(run.id(), "decision", new RetryWorker.Decision(false, "mallory"), "d-1"); // redelivery: dropped
        String cli = cli("events", "send", run.id(), "decision", "--data",
                "{\"approved\":false,\"by\":\"bob\"}", "--url", processes.url());
        assertThat(cli).contains("delivered");
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().asText()).isEqualTo("approved by ada; rejected by bob");
        assertThat(client.journal(run.id())).extracting(StepInfo::kind).containsExactly("event", "event");
    }

    @Test
    void humanInput_showsTheQuestionRefusesAnAnswerThatDoesNotFitAndTakesOneThatDoes() throws Exception {
        sharedRuntime();
        processes.worker(RetryWorker.class.getName());
        RunInfo run = startWhenRegistered("refund", null);
        await("asking").atMost(TIMEOUT).until(() -> client.run(run.id()).status() == RunStatus.SUSPENDED);

        assertThat(client.run(run.id()).waitingFor()).isEqualTo("approve-refund");
        assertThat(client.journal(run.id())).singleElement().satisfies(question -> {
            assertThat(question.kind()).isEqualTo("input");
            assertThat(question.output().path("prompt").asText()).isEqualTo("Refund 120 EUR to order 1001?");
            assertThat(question.output().path("kind").asText()).isEqualTo("APPROVAL");
        });
        assertThat(cli("runs", "show", run.id(), "--url", processes.url()))
                .contains("waits for event 'approve-refund'");
        Http.Response wrong = new Http(processes).post("/v1/runs/" + run.id() + "/events/approve-refund", "\"yes\"");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().path("code").asText()).isEqualTo("INVALID_INPUT");

        client.sendEvent(run.id(), "approve-refund", true, null);
        assertThat(client.await(run.id(), TIMEOUT).output().asText()).isEqualTo("refunded");
    }

    @Test
    void events_timeoutIsATypedResultNotACrash() throws Exception {
        sharedRuntime();
        processes.worker(RetryWorker.class.getName());
        RunInfo run = startWhenRegistered("approval", 700);
        RunInfo done = client.await(run.id(), TIMEOUT);
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().asText()).isEqualTo("timed out; timed out");
    }

    @Test
    void events_toAFinishedOrUnknownRunAreRefused() throws Exception {
        sharedRuntime();
        processes.worker(RetryWorker.class.getName());
        RunInfo run = startWhenRegistered("approval", 0);
        client.await(run.id(), TIMEOUT);
        Http http = new Http(processes);
        Http.Response finished = http.post("/v1/runs/" + run.id() + "/events/decision", "{}");
        assertThat(finished.status()).isEqualTo(409);
        assertThat(finished.json().path("code").asText()).isEqualTo("EVENT_REFUSED");
        assertThat(http.post("/v1/runs/nope/events/decision", "{}").status()).isEqualTo(404);
        assertThat(http.post("/v1/runs/" + run.id() + "/events/decision", "{oops").json().path("code").asText())
                .isEqualTo("MALFORMED_JSON");
    }

    @Test
    void cancel_ofAWaitingRunIsImmediateAndFinal() throws Exception {
        sharedRuntime();
        processes.worker(RetryWorker.class.getName());
        RunInfo run = startWhenRegistered("approval", 60_000);
        await("waiting").atMost(TIMEOUT).until(() -> client.run(run.id()).status() == RunStatus.SUSPENDED);

        String printed = cli("runs", "cancel", run.id(), "--url", processes.url());
        assertThat(printed).contains("CANCELLED");
        assertThat(client.await(run.id(), TIMEOUT).status()).isEqualTo(RunStatus.CANCELLED);
        Http.Response again = new Http(processes).post("/v1/runs/" + run.id() + "/cancel", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("code").asText()).isEqualTo("RUN_ALREADY_FINISHED");
        Http.Response event = new Http(processes).post("/v1/runs/" + run.id() + "/events/decision", "{}");
        assertThat(event.status()).as("a cancelled run takes no events").isEqualTo(409);
    }

    @Test
    void cancel_ofARunningRunLetsItCleanUpThenEndsCancelled() throws Exception {
        sharedRuntime();
        processes.worker(RetryWorker.class.getName());
        RunInfo run = startWhenRegistered("cancellable", dir.toString());
        await("working").atMost(TIMEOUT).until(() -> Files.exists(dir.resolve("working")));

        RunInfo requested = client.cancel(run.id());
        assertThat(requested.status()).isEqualTo(RunStatus.RUNNING);
        Files.writeString(dir.resolve("release"), "go");
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(done.error().code()).isEqualTo("CANCELLED");
        assertThat(client.journal(run.id())).extracting(StepInfo::name).containsExactly("work", "cancel", "cleanup");
    }
}
