package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.e2e.CountingWorker.Plan;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunQuery;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StartOptions;
import dev.mainstay.sdk.StepInfo;
import dev.mainstay.testing.ProcessSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The durable core, end to end: the runtime and workers are separate OS processes talking over
 * real gRPC and HTTP, the journal is a real SQLite file, and crashes are SIGKILL.
 */
class DurableCoreIT extends RealProcessesTest {

    private static Map<Integer, Long> effectsPerStep(Path dir, String runId) throws Exception {
        return CountingWorker.effects(dir).stream()
                .filter(line -> line.startsWith(runId + " "))
                .map(line -> Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1)))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void tenStepWorkflow_completesWithEveryStepJournaledOnce() throws Exception {
        processes.runtime(dataDir);
        processes.worker(CountingWorker.class.getName());

        RunInfo run = startWhenRegistered("steps", new Plan(dir.toString(), 10), StartOptions.defaults());
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().toString()).isEqualTo("[10,20,30,40,50,60,70,80,90,100]");
        List<StepInfo> journal = client.journal(run.id());
        assertThat(journal).extracting(StepInfo::position).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(journal).allSatisfy(step -> assertThat(step.status()).isEqualTo("SUCCEEDED"));
        assertThat(effectsPerStep(dir, run.id())).hasSize(10).allSatisfy((step, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    @AlsoOnPostgres
    void workerKilledMidStep_anotherWorkerFinishesWithoutRepeatingFinishedSteps() throws Exception {
        processes.runtime(dataDir);
        Process first = processes.worker(CountingWorker.class.getName(), "--block-at", "5");
        RunInfo run = startWhenRegistered("steps", new Plan(dir.toString(), 10), StartOptions.defaults());
        await("step 5 in flight").atMost(TIMEOUT).until(() -> Files.exists(dir.resolve("started-5")));

        ProcessSet.kill(first);
        Files.writeString(dir.resolve("release"), "go");
        processes.worker(CountingWorker.class.getName());
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        Map<Integer, Long> effects = effectsPerStep(dir, run.id());
        assertThat(effects).containsKeys(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        for (int step : List.of(1, 2, 3, 4, 6, 7, 8, 9, 10)) {
            assertThat(effects.get(step)).as("executions of step %d", step).isEqualTo(1);
        }
        assertThat(effects.get(5)).as("step 5 was in flight at the kill: at most one re-execution").isEqualTo(2);
        assertThat(done.epoch()).isEqualTo(2);
        assertThat(client.journal(run.id())).hasSize(10);
    }

    @Test
    @AlsoOnPostgres
    void runtimeKilledMidRun_restartedRuntimeFinishesWithoutRepeatingFinishedSteps() throws Exception {
        Process runtime = processes.runtime(dataDir);
        processes.worker(CountingWorker.class.getName(), "--block-at", "5");
        RunInfo run = startWhenRegistered("steps", new Plan(dir.toString(), 10), StartOptions.defaults());
        await("step 5 in flight").atMost(TIMEOUT).until(() -> Files.exists(dir.resolve("started-5")));

        ProcessSet.kill(runtime);
        processes.runtime(dataDir);
        Files.writeString(dir.resolve("release"), "go");
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().toString()).isEqualTo("[10,20,30,40,50,60,70,80,90,100]");
        Map<Integer, Long> effects = effectsPerStep(dir, run.id());
        for (int step : List.of(1, 2, 3, 4, 6, 7, 8, 9, 10)) {
            assertThat(effects.get(step)).as("executions of step %d", step).isEqualTo(1);
        }
        assertThat(effects.get(5)).as("step 5 was in flight at the kill").isBetween(1L, 2L);
        assertThat(client.journal(run.id())).extracting(StepInfo::position).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void sigtermOnWorker_drains_itsRunMovesToAnotherWorkerWithNoStepRepeated() throws Exception {
        processes.runtime(dataDir);
        Process draining = processes.worker(CountingWorker.class.getName(), "--block-at", "3");
        RunInfo run = startWhenRegistered("steps", new Plan(dir.toString(), 10), StartOptions.defaults());
        await("step 3 in flight").atMost(TIMEOUT).until(() -> Files.exists(dir.resolve("started-3")));
        processes.worker(CountingWorker.class.getName());
        await("second worker connected").atMost(TIMEOUT).until(() -> client.workers().size() == 2);

        draining.destroy(); // SIGTERM: the worker drains
        Files.writeString(dir.resolve("release"), "go");
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.epoch()).as("released once, dispatched once more").isEqualTo(2);
        assertThat(effectsPerStep(dir, run.id())).hasSize(10)
                .allSatisfy((step, count) -> assertThat(count).as("executions of step %d", step).isEqualTo(1));
        assertThat(draining.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(draining.exitValue()).as("a drained worker exits cleanly").isIn(0, 143);
    }

    @Test
    void workflowWithoutAConnectedWorker_waitsQueuedVisiblyThenRuns() throws Exception {
        processes.runtime(dataDir);
        Process first = processes.worker(CountingWorker.class.getName());
        RunInfo earlier = startWhenRegistered("steps", new Plan(dir.toString(), 1), StartOptions.defaults());
        assertThat(client.await(earlier.id(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
        first.destroy();
        await("worker gone").atMost(TIMEOUT).until(() -> client.workers().isEmpty());

        RunInfo queued = client.start("steps", new Plan(dir.toString(), 2), StartOptions.defaults());
        assertThat(client.run(queued.id()).status()).isEqualTo(RunStatus.PENDING);
        Http.Response workers = new Http(processes).get("/v1/workers");
        assertThat(workers.json().path("queued").path("steps").asInt()).isEqualTo(1);

        processes.worker(CountingWorker.class.getName());
        assertThat(client.await(queued.id(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
        String listed = cli("workers", "list", "--url", processes.url());
        assertThat(listed).contains("WORKER", "CAPACITY", "1000", "steps");
    }


    @Test
    void sameIdempotencyKeyTwice_givesOneRun() throws Exception {
        processes.runtime(dataDir);
        processes.worker(CountingWorker.class.getName());
        StartOptions keyed = StartOptions.defaults().withIdempotencyKey("order-42");
        Plan plan = new Plan(dir.toString(), 3);

        RunInfo first = startWhenRegistered("steps", plan, keyed);
        RunInfo second = client.start("steps", plan, keyed);
        client.await(first.id(), TIMEOUT);
        RunInfo third = client.start("steps", plan, keyed);

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(third.id()).isEqualTo(first.id());
        assertThat(third.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(client.runs(RunQuery.defaults().withWorkflow("steps")).runs()).hasSize(1);
        assertThat(effectsPerStep(dir, first.id())).hasSize(3).allSatisfy((step, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    void changedWorkflowCode_failsTheRunWithNonDeterminismAndKeepsTheJournal() throws Exception {
        processes.runtime(dataDir);
        Process first = processes.worker(CountingWorker.class.getName(), "--block-at", "3");
        RunInfo run = startWhenRegistered("steps", new Plan(dir.toString(), 4), StartOptions.defaults());
        await("step 3 in flight").atMost(TIMEOUT).until(() -> Files.exists(dir.resolve("started-3")));
        ProcessSet.kill(first);

        processes.worker(CountingWorker.class.getName(), "--rename-step", "2");
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.FAILED);
        assertThat(done.error().code()).isEqualTo("NON_DETERMINISM");
        assertThat(done.error().message()).contains("position 2", "step 'step-2'", "step 'renamed-2'");
        assertThat(client.journal(run.id())).extracting(StepInfo::name).containsExactly("step-1", "step-2");
    }

    @Test
    void badInput_getsPreciseErrorsAndWritesNothing() throws Exception {
        processes.runtime(dataDir, "--max-payload-bytes", "4096");
        processes.worker(CountingWorker.class.getName());
        startWhenRegistered("steps", new Plan(dir.toString(), 1), StartOptions.defaults());
        Http http = new Http(processes);
        int runsBefore = client.runs(RunQuery.defaults()).runs().size();

        assertError(http.post("/v1/workflows/steps/runs", "{\"dir\": "), 400, "MALFORMED_JSON");
        assertError(http.post("/v1/workflows/steps/runs", ""), 400, "MALFORMED_JSON");
        assertError(http.post("/v1/workflows/no-such-workflow/runs", "{}"), 404, "WORKFLOW_NOT_FOUND");
        assertError(http.post("/v1/workflows/steps/runs", "{\"dir\": \"x\", \"steps\": \"ten\"}"), 400, "INVALID_INPUT");
        assertError(http.post("/v1/workflows/steps/runs", "[1, 2]"), 400, "INVALID_INPUT");
        assertError(http.post("/v1/workflows/steps/runs", "{\"dir\": \"" + "x".repeat(5000) + "\", \"steps\": 1}"),
                413, "PAYLOAD_TOO_LARGE");
        assertError(http.post("/v1/functions/steps/runs", "{}"), 404, "WORKFLOW_NOT_FOUND");
        assertError(http.get("/v1/runs/not-a-run"), 404, "RUN_NOT_FOUND");
        assertError(http.get("/v1/runs/not-a-run/journal"), 404, "RUN_NOT_FOUND");
        assertError(http.get("/v1/runs?status=DONE"), 400, "INVALID_ARGUMENT");
        assertError(http.get("/v1/runs?limit=0"), 400, "INVALID_ARGUMENT");
        assertError(http.get("/v1/runs/x?wait=soon"), 400, "INVALID_ARGUMENT");
        assertError(http.delete("/v1/runs"), 405, "METHOD_NOT_ALLOWED");
        assertError(http.get("/v2/anything"), 404, "NOT_FOUND");

        assertThat(client.runs(RunQuery.defaults()).runs()).hasSize(runsBefore);
        assertThat(http.get("/healthz").status()).isEqualTo(200);
    }

    private static void assertError(Http.Response response, int status, String code) {
        assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
        JsonNode body = response.json();
        assertThat(body.path("code").asText()).as("code of %s", response.body()).isEqualTo(code);
        assertThat(body.path("message").asText()).isNotBlank().doesNotContain("Exception\n\tat ");
    }
}
