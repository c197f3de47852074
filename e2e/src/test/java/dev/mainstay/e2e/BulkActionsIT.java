package dev.mainstay.e2e;

import static dev.mainstay.e2e.GatewayErrorsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Acting by query on a real runtime, auth on: the live runs a filter selects are paused, resumed, and
 * end CANCELLED with who asked; a dry run only counts, other workflows, finished runs and other
 * namespaces are left alone, and a query that selects everything is refused.
 */
class BulkActionsIT extends RealProcessesTest {

    @Test
    void pausesResumesAndCancelsTheLiveRunsAQuerySelects_countsOnADryRun_andTouchesNothingElse() throws Exception {
        processes.runtime(dataDir);
        processes.worker(WebhookWorker.class.getName());
        Http admin = new Http(processes);
        await().atMost(TIMEOUT).until(() -> admin.post("/v1/workflows/on-event/runs", "{\"n\":1}").status() == 201);
        String done = admin.get("/v1/runs?workflow=on-event").json().path("runs").get(0).path("id").asText();
        await().atMost(TIMEOUT).until(() -> admin.get("/v1/runs/" + done).json().path("status").asText().equals("COMPLETED"));
        List<String> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(admin.post("/v1/workflows/order/runs", "{}").json().path("id").asText());
        }
        for (String id : waiting) {
            await().atMost(TIMEOUT).until(() -> admin.get("/v1/runs/" + id).json().path("status").asText().equals("SUSPENDED"));
        }

        // a dry run counts and changes nothing
        Http.Response dry = admin.post("/v1/runs/cancel?workflow=order&dryRun=true", "");
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(dry.json().path("matched").asInt()).isEqualTo(5);
        assertThat(dry.json().path("cancelled").asInt()).isZero();
        assertThat(admin.get("/v1/runs/" + waiting.get(0)).json().path("status").asText()).isEqualTo("SUSPENDED");
        // another namespace selects none of them
        String other = admin.post("/v1/tokens", "{\"namespace\":\"team-b\",\"role\":\"client\"}").json().path("token").asText();
        assertThat(admin.as(other).post("/v1/runs/cancel?workflow=order", "").json().path("matched").asInt()).isZero();
        // nothing to select by, or a final status: refused
        assertError(admin.post("/v1/runs/cancel", ""), 400, "INVALID_ARGUMENT", "at least one of workflow");
        assertError(admin.post("/v1/runs/cancel?status=COMPLETED", ""), 400, "INVALID_ARGUMENT", "final");
        assertError(admin.post("/v1/runs/cancel?status=LOST", ""), 400, "INVALID_ARGUMENT", "status");

        // pause by query: counted on a dry run, then each run PAUSED; a second pause changes none
        assertThat(admin.post("/v1/runs/pause?workflow=order&dryRun=true", "").json().path("paused").asInt()).isZero();
        Http.Response paused = admin.post("/v1/runs/pause?workflow=order", "");
        assertThat(paused.json().path("paused").asInt()).as(paused.body()).isEqualTo(5);
        for (String id : waiting) {
            assertThat(admin.get("/v1/runs/" + id).json().path("status").asText()).isEqualTo("PAUSED");
        }
        Http.Response again = admin.post("/v1/runs/pause?workflow=order", "");
        assertThat(again.json().path("matched").asInt()).as(again.body()).isEqualTo(5);
        assertThat(again.json().path("paused").asInt()).isZero();
        assertError(admin.post("/v1/runs/pause", ""), 400, "INVALID_ARGUMENT", "at least one of workflow");
        assertThat(cli("runs", "pause", "--workflow", "order", "--dry-run", "--url", processes.url()))
                .contains("5 live runs match; none paused (dry run)");
        // resume what the PAUSED filter selects (HTTP counted on a dry run, then the CLI): each waits for its event again
        Http.Response resumed = admin.post("/v1/runs/resume?workflow=order&status=PAUSED&dryRun=true", "");
        assertThat(resumed.json().path("matched").asInt()).as(resumed.body()).isEqualTo(5);
        assertThat(resumed.json().path("resumed").asInt()).isZero();
        assertThat(cli("runs", "resume", "--workflow", "order", "--status", "PAUSED", "--url", processes.url()))
                .contains("resumed 5 of 5 matching live runs");
        for (String id : waiting) {
            assertThat(admin.get("/v1/runs/" + id).json().path("status").asText()).isEqualTo("SUSPENDED");
        }

        // the CLI's dry run, then the cancel itself
        assertThat(cli("runs", "cancel", "--workflow", "order", "--status", "SUSPENDED", "--dry-run", "--url", processes.url()))
                .contains("5 live runs match; none cancelled (dry run)");
        Http.Response cancelled = admin.post("/v1/runs/cancel?workflow=order", "");
        assertThat(cancelled.json().path("cancelled").asInt()).as(cancelled.body()).isEqualTo(5);
        for (String id : waiting) {
            var run = admin.get("/v1/runs/" + id).json();
            assertThat(run.path("status").asText()).isEqualTo("CANCELLED");
            assertThat(run.path("cancelledBy").asText()).isNotEmpty();
        }
        assertThat(admin.get("/v1/runs/" + done).json().path("status").asText()).isEqualTo("COMPLETED");
        assertThat(cli("runs", "cancel", "--workflow", "order", "--url", processes.url()))
                .contains("cancelled 0 of 0 matching live runs");
    }
}
