package dev.mainstay.e2e;

import static dev.mainstay.e2e.GatewayErrorsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.protocol.v1.Register;
import dev.mainstay.protocol.v1.RuntimeMessage;
import dev.mainstay.protocol.v1.WorkerMessage;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Namespaces on a real runtime, auth on: two teams with their own client and worker tokens and the
 * same workflow name. Each team's runs go to its own worker only; the other team's runs, schedules
 * and keys do not exist for it (404, never listed); a token may not name another namespace; a worker
 * token registers in its own namespace only.
 */
class NamespacesIT extends RealProcessesTest {

    @Test
    void twoNamespaces_sameWorkflowName_eachSeesAndServesOnlyItsOwn() throws Exception {
        processes.runtime(dataDir);
        Http admin = new Http(processes);
        Http teamA = admin.as(token(admin, "team-a", "client"));
        Http teamB = admin.as(token(admin, "team-b", "client"));
        Path dirA = Files.createDirectories(dir.resolve("a"));
        Path dirB = Files.createDirectories(dir.resolve("b"));
        processes.workerWithToken(token(admin, "team-a", "worker"), CountingWorker.class.getName());
        processes.workerWithToken(token(admin, "team-b", "worker"), CountingWorker.class.getName());
        String workerA = awaitWorker(teamA);
        String workerB = awaitWorker(teamB);
        assertThat(workerA).isNotEqualTo(workerB);

        // the same idempotency key in both namespaces: two runs, each on its own namespace's worker
        String runA = started(teamA.post("/v1/workflows/steps/runs", plan(dirA), "Idempotency-Key", "order-1"));
        String runB = started(teamB.post("/v1/workflows/steps/runs", plan(dirB), "Idempotency-Key", "order-1"));
        assertThat(runA).isNotEqualTo(runB);
        JsonNode doneA = teamA.get("/v1/runs/" + runA + "?wait=30s").json();
        JsonNode doneB = teamB.get("/v1/runs/" + runB + "?wait=30s").json();
        assertThat(doneA.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(doneB.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(doneA.path("namespace").asText()).isEqualTo("team-a");
        assertThat(doneA.path("workflow").asText()).isEqualTo("steps");
        assertThat(doneA.path("idempotencyKey").asText()).isEqualTo("order-1");
        assertThat(doneA.path("workerId").asText()).isEqualTo(workerA);
        assertThat(doneB.path("workerId").asText()).isEqualTo(workerB);
        assertThat(Files.readString(dirA.resolve("effects.txt"))).contains(runA).doesNotContain(runB);
        assertThat(Files.readString(dirB.resolve("effects.txt"))).contains(runB).doesNotContain(runA);
        // the key stays the run's within its namespace
        assertThat(teamA.post("/v1/workflows/steps/runs", plan(dirA), "Idempotency-Key", "order-1").json()
                .path("id").asText()).isEqualTo(runA);

        // another namespace's run is exactly as unknown as one that never existed
        for (String path : new String[] {"/v1/runs/" + runA, "/v1/runs/" + runA + "/journal", "/v1/runs/" + runA + "/events"}) {
            assertError(teamB.get(path), 404, "RUN_NOT_FOUND", runA);
        }
        assertError(teamB.post("/v1/runs/" + runA + "/cancel", ""), 404, "RUN_NOT_FOUND");
        assertError(teamB.post("/v1/runs/" + runA + "/events/approve", "{}"), 404, "RUN_NOT_FOUND");
        assertThat(ids(teamA.get("/v1/runs"))).containsExactly(runA);
        assertThat(ids(teamB.get("/v1/runs"))).containsExactly(runB);
        assertThat(ids(teamB.get("/v1/runs?idempotencyKey=order-1"))).containsExactly(runB);
        assertThat(ids(teamB.get("/v1/runs?workflow=steps"))).containsExactly(runB);
        assertError(teamB.get("/v1/runs?namespace=team-a"), 403, "FORBIDDEN", "team-a");
        assertError(teamB.post("/v1/workflows/steps/runs?namespace=team-a", plan(dirB)), 403, "FORBIDDEN");
        assertError(teamB.get("/v1/runs?namespace=*"), 403, "FORBIDDEN");
        // an admin acts in any namespace, and lists them all with *
        assertThat(ids(admin.get("/v1/runs?namespace=team-a"))).containsExactly(runA);
        assertThat(ids(admin.get("/v1/runs?namespace=*"))).containsExactlyInAnyOrder(runA, runB);
        assertThat(ids(admin.get("/v1/runs"))).isEmpty(); // its own namespace: default
        assertThat(admin.get("/v1/runs/" + runB).status()).isEqualTo(200);

        // counters: a namespace's overview and metrics count its own runs and never name the other's
        Http readerB = admin.as(token(admin, "team-b", "reader"));
        assertThat(readerB.get("/v1/stats").json().path("runs").asLong()).isEqualTo(1);
        assertThat(admin.get("/v1/stats?namespace=*").json().path("runs").asLong()).isEqualTo(2);
        assertThat(admin.get("/v1/stats").json().path("runs").asLong()).isZero(); // its own namespace: default
        assertError(readerB.get("/v1/stats?namespace=team-a"), 403, "FORBIDDEN", "team-a");
        String metricsB = readerB.get("/metrics").body();
        assertThat(metricsB).contains("mainstay_runs_started_total{namespace=\"team-b\",workflow=\"steps\"} 1.0")
                .contains("mainstay_workers_connected").doesNotContain("team-a");
        assertThat(admin.get("/metrics").body()).contains("namespace=\"team-a\"", "namespace=\"team-b\"");

        // schedules: one id in each namespace, each team sees and deletes only its own
        String schedule = "{\"id\":\"nightly\",\"workflow\":\"steps\",\"everyMs\":3600000,\"input\":" + plan(dirA) + "}";
        assertThat(teamA.post("/v1/schedules", schedule).status()).isEqualTo(201);
        assertThat(teamB.post("/v1/schedules", schedule).status()).isEqualTo(201);
        assertThat(teamB.delete("/v1/schedules/nightly").status()).isEqualTo(204);
        JsonNode schedulesA = teamA.get("/v1/schedules").json().path("schedules");
        assertThat(schedulesA.size()).isEqualTo(1);
        assertThat(schedulesA.get(0).path("id").asText()).isEqualTo("nightly");
        assertThat(schedulesA.get(0).path("namespace").asText()).isEqualTo("team-a");
        assertThat(teamB.get("/v1/schedules").json().path("schedules").size()).isZero();
        assertError(teamB.get("/v1/schedules/nightly"), 404, "SCHEDULE_NOT_FOUND");

        // a namespace whose workers registered nothing knows no workflow, whatever other namespaces have
        Http teamC = admin.as(token(admin, "team-c", "client"));
        assertError(teamC.post("/v1/workflows/steps/runs", plan(dirA)), 404, "WORKFLOW_NOT_FOUND", "'steps'");
        assertThat(teamC.get("/v1/workers").json().path("workers").size()).isZero();
    }

    @Test
    void workerStreams_registerInTheirTokensNamespaceOnly_andGetOnlyItsRuns() throws Exception {
        processes.runtime(dataDir);
        Http admin = new Http(processes);
        String workerOfA = token(admin, "team-a", "worker");
        try (RogueWorker foreign = new RogueWorker(processes.grpcTarget(), workerOfA)) {
            foreign.send(register("w-foreign", "team-b"));
            Status status = foreign.awaitEnd(TIMEOUT);
            assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(status.getDescription()).startsWith("FORBIDDEN").contains("team-a", "team-b");
        }
        // an admin token registers where it says; a run of one namespace never reaches the other's stream
        try (RogueWorker inA = new RogueWorker(processes.grpcTarget(), workerOfA);
             RogueWorker inB = new RogueWorker(processes.grpcTarget(), processes.adminToken())) {
            inA.send(register("w-a", ""));
            inA.next(RuntimeMessage::hasRegistered, TIMEOUT);
            inB.send(register("w-b", "team-b"));
            inB.next(RuntimeMessage::hasRegistered, TIMEOUT);
            Http teamB = admin.as(token(admin, "team-b", "client"));
            String runB = started(teamB.post("/v1/workflows/job/runs", "{\"n\":1}"));
            var dispatch = inB.nextDispatch(TIMEOUT);
            assertThat(dispatch.getRunId()).isEqualTo(runB);
            assertThat(dispatch.getComponent()).isEqualTo("job"); // the name the worker registered, not the stored one
            assertThat(inA.seen()).noneMatch(RuntimeMessage::hasDispatch);
        }
    }

    private static WorkerMessage register(String workerId, String namespace) {
        return WorkerMessage.newBuilder().setRegister(Register.newBuilder().setWorkerId(workerId).setCapacity(4)
                .setNamespace(namespace).addComponents(RogueWorker.workflow("job"))).build();
    }

    private String plan(Path dir) {
        return "{\"dir\":\"" + dir + "\",\"steps\":2}";
    }

    /** The id of the one worker a namespace's caller sees, once it registered. */
    private static String awaitWorker(Http caller) {
        return await().atMost(TIMEOUT).until(() -> caller.get("/v1/workers").json().path("workers"),
                workers -> workers.size() == 1).get(0).path("workerId").asText();
    }

    private static String token(Http admin, String namespace, String role) throws Exception {
        Http.Response created = admin.post("/v1/tokens", "{\"namespace\":\"" + namespace + "\",\"role\":\"" + role + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("token").asText();
    }

    private static String started(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path("id").asText();
    }

    private static List<String> ids(Http.Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().path("runs").forEach(run -> ids.add(run.path("id").asText()));
        return ids;
    }
}
