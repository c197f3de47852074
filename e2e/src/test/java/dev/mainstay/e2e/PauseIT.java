package dev.mainstay.e2e;

import static dev.mainstay.e2e.GatewayErrorsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StepInfo;
import dev.mainstay.testing.ProcessSet;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Pause and resume on a real runtime and worker, counting the steps' side effects
 * ({@link CountingWorker}'s effects file): a run paused mid-step finishes that step, stops, stays
 * paused across a kill -9 of the runtime, and completes after its resume with every step run once;
 * a paused workflow's new runs wait until it is resumed.
 */
class PauseIT extends RealProcessesTest {
    /** How long a paused run is watched not to move. */
    private static final Duration STAYS = Duration.ofSeconds(2);

    @Test
    @AlsoOnPostgres
    void aRunPausedMidStep_finishesTheStep_staysPausedAcrossARuntimeKill_andCompletesOnceResumed() throws Exception {
        Process runtime = processes.runtime(dataDir);
        processes.worker(CountingWorker.class.getName(), "--block-at", "2");
        Http http = new Http(processes);
        RunInfo run = startWhenRegistered("steps", new CountingWorker.Plan(dir.toString(), 4));
        await("step 2 in flight").atMost(TIMEOUT).until(() -> Files.exists(dir.resolve("started-2")));

        Http.Response paused = http.post("/v1/runs/" + run.id() + "/pause", "");
        assertThat(paused.status()).as(paused.body()).isEqualTo(202);
        assertThat(paused.json().path("status").asText()).as("its worker still holds it").isEqualTo("RUNNING");
        assertThat(paused.json().path("pausedAt").isMissingNode()).isFalse();
        Files.writeString(dir.resolve("release"), "go");

        await("paused after step 2").atMost(TIMEOUT).until(() -> client.run(run.id()).status() == RunStatus.PAUSED);
        assertThat(client.journal(run.id())).extracting(StepInfo::position).containsExactly(1, 2);
        assertThat(CountingWorker.effects(dir)).containsExactly(run.id() + " step 1", run.id() + " step 2");
        assertThat(http.get("/v1/runs?status=PAUSED").json().path("runs").findValuesAsText("id")).containsExactly(run.id());
        assertThat(http.get("/v1/runs?status=PENDING").json().path("runs").findValuesAsText("id")).doesNotContain(run.id());
        assertThat(http.post("/v1/runs/" + run.id() + "/pause", "").status()).as("paused twice").isEqualTo(200);
        assertThat(cli("runs", "list", "--status", "PAUSED", "--url", processes.url())).contains(run.id());

        ProcessSet.kill(runtime);
        processes.runtime(dataDir);
        await("the runtime back and the worker reconnected").atMost(TIMEOUT).ignoreExceptions()
                .until(() -> client.workers().size() == 1);
        await("still paused").during(STAYS).atMost(STAYS.multipliedBy(3))
                .until(() -> client.run(run.id()).status() == RunStatus.PAUSED && CountingWorker.effects(dir).size() == 2);

        assertThat(cli("runs", "resume", run.id(), "--url", processes.url())).contains("run " + run.id() + " resumed");
        RunInfo done = client.await(run.id(), TIMEOUT);
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().toString()).isEqualTo("[10,20,30,40]");
        assertThat(CountingWorker.effects(dir)).as("every step ran exactly once").containsExactly(
                run.id() + " step 1", run.id() + " step 2", run.id() + " step 3", run.id() + " step 4");
        assertError(http.post("/v1/runs/" + run.id() + "/pause", ""), 409, "RUN_ALREADY_FINISHED", run.id());
        assertError(http.post("/v1/runs/nope/pause", ""), 404, "RUN_NOT_FOUND");
    }

    @Test
    void aPausedWorkflow_dispatchesNoNewRun_untilResumed() throws Exception {
        processes.runtime(dataDir);
        processes.worker(CountingWorker.class.getName());
        Http http = new Http(processes);
        RunInfo first = startWhenRegistered("steps", new CountingWorker.Plan(dir.toString(), 1));
        assertThat(client.await(first.id(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);

        assertThat(cli("workflows", "pause", "steps", "--url", processes.url())).contains("workflow steps paused");
        assertThat(http.get("/v1/workflows/steps/pause").json().path("paused").asBoolean()).isTrue();
        RunInfo waiting = client.start("steps", new CountingWorker.Plan(dir.toString(), 2));
        await("not dispatched").during(STAYS).atMost(STAYS.multipliedBy(3))
                .until(() -> client.run(waiting.id()).status() == RunStatus.PENDING && CountingWorker.effects(dir).size() == 1);
        assertThat(client.run(waiting.id()).waitingFor()).contains("resume of workflow 'steps'");

        assertThat(client.resumeWorkflow("steps").paused()).isFalse();
        assertThat(client.await(waiting.id(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(CountingWorker.effects(dir)).containsExactly(first.id() + " step 1", waiting.id() + " step 1",
                waiting.id() + " step 2");
        assertError(http.post("/v1/workflows/nope/pause", ""), 404, "WORKFLOW_NOT_FOUND");
        assertThat(cli("workflows", "resume", "steps", "--url", processes.url())).contains("workflow steps resumed");
    }
}
