package dev.mainstay.e2e;

import static dev.mainstay.e2e.GatewayErrorsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Restart from a step on a real runtime and worker: the new run replays the copied positions without
 * running their steps again (counted in the worker's side-effect file), runs the rest, and the two
 * runs link to each other; a live run, a position past the end and a missing position are refused.
 */
class RestartIT extends RealProcessesTest {

    @Test
    void aRestartFromAStep_runsOnlyTheStepsFromThere_andLinksBothRuns() throws Exception {
        processes.runtime(dataDir);
        processes.worker(CountingWorker.class.getName());
        Http http = new Http(processes);
        RunInfo original = startWhenRegistered("steps", new CountingWorker.Plan(dir.toString(), 4));
        assertThat(client.await(original.id(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);

        Http.Response restarted = http.post("/v1/runs/" + original.id() + "/restart?fromPosition=3", "");
        assertThat(restarted.status()).as(restarted.body()).isEqualTo(201);
        String id = restarted.json().path("id").asText();
        assertThat(id).isNotEqualTo(original.id());
        RunInfo done = client.await(id, TIMEOUT);
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(http.get("/v1/runs/" + id).json().path("output").toString()).isEqualTo("[10,20,30,40]");
        List<String> effects = Files.readAllLines(dir.resolve("effects.txt")).stream()
                .filter(line -> line.startsWith(id)).toList();
        assertThat(effects).as("steps 1 and 2 were copied, not run").containsExactly(id + " step 3", id + " step 4");

        JsonNode links = http.get("/v1/runs/" + id + "/restarts").json();
        assertThat(links.path("restartedFrom").asText()).isEqualTo(original.id());
        assertThat(http.get("/v1/runs/" + original.id() + "/restarts").json().path("restarts").get(0).asText()).isEqualTo(id);

        assertError(http.post("/v1/runs/" + original.id() + "/restart?fromPosition=6", ""), 400, "INVALID_ARGUMENT",
                "fromPosition");
        assertError(http.post("/v1/runs/" + original.id() + "/restart", ""), 400, "INVALID_ARGUMENT", "required");
        assertError(http.post("/v1/runs/nope/restart?fromPosition=1", ""), 404, "RUN_NOT_FOUND");
        // the CLI restarts too: from 1, every step runs again
        String printed = cli("runs", "restart", original.id(), "--from", "1", "--url", processes.url());
        assertThat(printed).contains("restarted from run " + original.id() + " at position 1");
        String again = printed.split(" ")[1];
        assertThat(client.await(again, TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(Files.readAllLines(dir.resolve("effects.txt")).stream().filter(line -> line.startsWith(again)))
                .hasSize(4);
    }

    @Test
    void aBulkRestart_restartsEachSelectedFinishedRunOnce_fromThePosition() throws Exception {
        processes.runtime(dataDir);
        processes.worker(CountingWorker.class.getName());
        Http http = new Http(processes);
        startWhenRegistered("steps", new CountingWorker.Plan(dir.toString(), 0));
        String plan = dev.mainstay.sdk.internal.Json.MAPPER.writeValueAsString(new CountingWorker.Plan(dir.toString(), 2));
        List<String> originals = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = http.post("/v1/workflows/steps/runs?tag=batch", plan).json().path("id").asText();
            assertThat(client.await(id, TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
            originals.add(id);
        }

        JsonNode dry = http.post("/v1/runs/restart?tag=batch&fromPosition=2&dryRun=true", "").json();
        assertThat(dry.path("matched").asInt()).isEqualTo(3);
        assertThat(dry.path("restarted").asInt()).isZero();
        assertThat(cli("runs", "restart", "--tag", "batch", "--from", "2", "--dry-run", "--url", processes.url()))
                .contains("3 finished runs match; none restarted (dry run)");
        assertError(http.post("/v1/runs/restart?tag=batch&status=RUNNING&fromPosition=2", ""), 400, "INVALID_ARGUMENT",
                "COMPLETED, FAILED, CANCELLED");
        assertError(http.post("/v1/runs/restart?fromPosition=2", ""), 400, "INVALID_ARGUMENT", "at least one");

        JsonNode done = http.post("/v1/runs/restart?tag=batch&fromPosition=2", "").json();
        assertThat(done.path("restarted").asInt()).as(done.toString()).isEqualTo(3);
        for (String original : originals) {
            JsonNode links = http.get("/v1/runs/" + original + "/restarts").json().path("restarts");
            assertThat(links).hasSize(1);
            String id = links.get(0).asText();
            assertThat(client.await(id, TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(Files.readAllLines(dir.resolve("effects.txt")).stream().filter(line -> line.startsWith(id)))
                    .as("step 1 copied, step 2 run again").containsExactly(id + " step 2");
        }
        assertThat(cli("runs", "restart", "--tag", "batch", "--from", "2", "--url", processes.url()))
                .as("each was restarted once already").contains("restarted 0 of 3 matching finished runs");
    }
}
