package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /metrics, /v1/stats and the run filters of a real runtime after a real workload. */
class MetricsIT extends RealProcessesTest {

    @Test
    void metrics_countTheWorkloadOfARealRuntime() throws Exception {
        processes.runtime(dataDir);
        processes.worker(ObservedWorker.class.getName());
        Http http = new Http(processes);
        for (int i = 0; i < 5; i++) {
            RunInfo run = startWhenRegistered("greet", "n" + i);
            assertThat(client.await(run.id(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
        }
        RunInfo doomed = startWhenRegistered("doomed", "x");
        assertThat(client.await(doomed.id(), TIMEOUT).status()).isEqualTo(RunStatus.FAILED);
        RunInfo onboarding = startWhenRegistered("onboarding", new ObservedWorker.Signup("ada", "acme"));
        await("waiting for approval").atMost(TIMEOUT).until(() -> client.run(onboarding.id()).status() == RunStatus.SUSPENDED);
        client.cancel(onboarding.id());
        assertThat(client.await(onboarding.id(), TIMEOUT).status()).isEqualTo(RunStatus.CANCELLED);

        Http.Response scraped = http.get("/metrics");
        assertThat(scraped.status()).isEqualTo(200);
        String text = scraped.body();
        assertThat(Prometheus.sum(text, "mainstay_runs_started_total", Map.of("workflow", "greet"))).isEqualTo(5);
        assertThat(Prometheus.sum(text, "mainstay_runs_finished_total", Map.of("workflow", "greet", "status", "COMPLETED")))
                .isEqualTo(5);
        assertThat(Prometheus.sum(text, "mainstay_runs_finished_total", Map.of("workflow", "doomed", "status", "FAILED")))
                .isEqualTo(1);
        assertThat(Prometheus.sum(text, "mainstay_runs_finished_total", Map.of("workflow", "onboarding", "status", "CANCELLED")))
                .isEqualTo(1);
        // greet: 5 steps; doomed: 1 failed step; onboarding: fetch-profile after one retry
        assertThat(Prometheus.sum(text, "mainstay_step_duration_seconds_count")).isEqualTo(7);
        assertThat(Prometheus.sum(text, "mainstay_step_duration_seconds_count", Map.of("workflow", "doomed", "outcome", "failed")))
                .isEqualTo(1);
        assertThat(Prometheus.sum(text, "mainstay_step_attempts_sum", Map.of("workflow", "onboarding"))).isEqualTo(2);
        assertThat(Prometheus.sum(text, "mainstay_step_retries_total", Map.of("workflow", "onboarding"))).isEqualTo(1);
        assertThat(Prometheus.sum(text, "mainstay_workers_connected")).isEqualTo(1);
        assertThat(Prometheus.sum(text, "mainstay_runs_queued")).isZero();
        assertThat(Prometheus.sum(text, "mainstay_lease_expiries_total")).isZero();
        assertThat(Prometheus.sum(text, "mainstay_journal_commit_seconds_count")).isGreaterThanOrEqualTo(20);
        assertThat(Prometheus.sum(text, "mainstay_journal_batch_size_sum"))
                .isGreaterThanOrEqualTo(Prometheus.sum(text, "mainstay_journal_commit_seconds_count"));
        assertThat(Prometheus.sum(text, "mainstay_store_size_bytes")).isGreaterThan(4096);
        assertThat(Prometheus.has(text, "mainstay_step_duration_seconds_bucket")).isTrue();
    }

    @Test
    void queuedRuns_showAsQueueDepthUntilAWorkerComes() throws Exception {
        processes.runtime(dataDir);
        Http http = new Http(processes);
        Process worker = processes.worker(ObservedWorker.class.getName());
        client.await(startWhenRegistered("greet", "warm-up").id(), TIMEOUT); // registers the workflow for good
        dev.mainstay.testing.ProcessSet.kill(worker);
        await("worker gone").atMost(TIMEOUT).untilAsserted(() ->
                assertThat(Prometheus.sum(http.get("/metrics").body(), "mainstay_workers_connected")).isZero());
        for (int i = 0; i < 3; i++) {
            client.start("greet", "q" + i);
        }
        assertThat(Prometheus.sum(http.get("/metrics").body(), "mainstay_runs_queued")).isEqualTo(3);

        processes.worker(ObservedWorker.class.getName());
        await("queue drained").atMost(TIMEOUT).untilAsserted(() -> {
            String text = http.get("/metrics").body();
            assertThat(Prometheus.sum(text, "mainstay_runs_queued")).isZero();
            assertThat(Prometheus.sum(text, "mainstay_runs_finished_total", Map.of("workflow", "greet"))).isEqualTo(4);
        });
    }

    @Test
    void statsAndFilters_answerFromTheStore() throws Exception {
        processes.runtime(dataDir);
        processes.worker(ObservedWorker.class.getName());
        Http http = new Http(processes);
        Instant before = Instant.now().minusSeconds(1);
        startWhenRegistered("greet", "warm-up");
        Http.Response tagged = http.post("/v1/workflows/greet/runs?tag=tenant:acme&tag=tier:gold", "\"ada\"");
        assertThat(tagged.status()).isEqualTo(201);
        String taggedId = tagged.json().get("id").asText();
        client.await(taggedId, TIMEOUT);
        RunInfo failed = client.start("doomed", "y");
        client.await(failed.id(), TIMEOUT);

        JsonNode byTag = http.get("/v1/runs?tag=tenant:acme").json();
        assertThat(byTag.get("runs")).hasSize(1);
        assertThat(byTag.get("runs").get(0).get("id").asText()).isEqualTo(taggedId);
        assertThat(http.get("/v1/runs?since=" + Instant.now().plusSeconds(60)).json().get("runs")).isEmpty();
        assertThat(http.get("/v1/runs?since=" + before + "&until=" + Instant.now().plusSeconds(1)).json().get("runs"))
                .hasSize(3);
        Http.Response badSince = http.get("/v1/runs?since=yesterday");
        assertThat(badSince.status()).isEqualTo(400);
        assertThat(badSince.json().get("code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(badSince.json().get("message").asText()).contains("since", "ISO-8601");
        assertThat(http.post("/v1/workflows/greet/runs?tag=", "\"x\"").json().get("code").asText()).isEqualTo("INVALID_ARGUMENT");

        JsonNode stats = http.get("/v1/stats?window=1h").json();
        assertThat(stats.get("runs").asLong()).isEqualTo(3);
        assertThat(stats.get("finished").asLong()).isEqualTo(3);
        assertThat(stats.get("successRate").asDouble()).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(stats.get("steps").asLong()).isEqualTo(3);
        assertThat(stats.get("stepP95Ms").asLong()).isGreaterThanOrEqualTo(stats.get("stepP50Ms").asLong());
        Http.Response badWindow = http.get("/v1/stats?window=forever");
        assertThat(badWindow.status()).isEqualTo(400);
        assertThat(badWindow.json().get("message").asText()).contains("window", "1h");
    }
}
