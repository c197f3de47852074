package dev.mainstay.e2e;

import static dev.mainstay.e2e.GatewayErrorsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StartOptions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Debounced starts on a real runtime and worker ({@link CountingWorker}: its effects file shows which
 * runs executed, and with which input): starts that share a key within the window make one run,
 * which executes once, with the last start's input; the run cannot be held back past its longest
 * delay; once it has started, the key starts another run; bad parameters are precise 400s.
 */
class DebounceIT extends RealProcessesTest {
    @Test
    void startsSharingAKey_makeOneRun_thatExecutesOnceWithTheLastInput() throws Exception {
        processes.runtime(dataDir);
        processes.worker(CountingWorker.class.getName());
        Http http = new Http(processes);
        startWhenRegistered("steps", new CountingWorker.Plan(dir.toString(), 0)); // the worker is there

        String query = "/v1/workflows/steps/runs?debounce=1500ms&debounceKey=customer-7";
        Http.Response first = http.post(query, plan(1));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().path("status").asText()).isEqualTo("SUSPENDED");
        assertThat(first.json().path("debounceKey").asText()).isEqualTo("customer-7");
        assertThat(first.json().path("debouncing").asBoolean()).isTrue();
        String runId = first.json().path("id").asText();
        Http.Response second = http.post(query, plan(2));
        assertThat(second.status()).as("joined the waiting run: " + second.body()).isEqualTo(200);
        assertThat(second.json().path("id").asText()).isEqualTo(runId);
        RunInfo third = client.start("steps", new CountingWorker.Plan(dir.toString(), 3),
                StartOptions.defaults().withDebounce(Duration.ofMillis(1500), "customer-7"));
        assertThat(third.id()).isEqualTo(runId);
        assertThat(third.input().path("steps").asInt()).isEqualTo(3);
        RunInfo otherKey = client.start("steps", new CountingWorker.Plan(dir.toString(), 1),
                StartOptions.defaults().withDebounce(Duration.ofMillis(1500), "customer-8"));
        assertThat(otherKey.id()).isNotEqualTo(runId);

        RunInfo done = client.await(runId, TIMEOUT);
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().toString()).as("the last start's input").isEqualTo("[10,20,30]");
        assertThat(done.debounceKey()).isEqualTo("customer-7");
        assertThat(done.debouncing()).as("it ran: no start joins it now").isFalse();
        assertThat(client.await(otherKey.id(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(CountingWorker.effects(dir)).filteredOn(line -> line.startsWith(runId))
                .containsExactly(runId + " step 1", runId + " step 2", runId + " step 3");

        Http.Response after = http.post(query, plan(1));
        assertThat(after.status()).as("the run started: the key makes a new one").isEqualTo(201);
        assertThat(after.json().path("id").asText()).isNotEqualTo(runId);
        String cliRun = cli("run", "steps", "--input", plan(1), "--debounce", "1500ms", "--debounce-key", "customer-7",
                "--url", processes.url());
        assertThat(cliRun).contains("run " + after.json().path("id").asText() + " SUSPENDED");
    }

    @Test
    void aStreamOfStarts_cannotHoldTheRunBackPastItsLongestDelay() throws Exception {
        processes.runtime(dataDir);
        processes.worker(CountingWorker.class.getName());
        Http http = new Http(processes);
        startWhenRegistered("steps", new CountingWorker.Plan(dir.toString(), 0));
        String query = "/v1/workflows/steps/runs?debounce=1s&debounceKey=k&debounceMax=2s";
        JsonNode first = http.post(query, plan(1)).json();
        Instant created = Instant.parse(first.path("createdAt").asText());
        assertThat(Instant.parse(first.path("wakeAt").asText())).isEqualTo(created.plusSeconds(1));
        JsonNode later = first;
        for (int i = 0; i < 5; i++) {
            later = http.post(query, plan(2)).json();
            assertThat(later.path("id").asText()).isEqualTo(first.path("id").asText());
        }
        Instant wake = Instant.parse(later.path("wakeAt").asText());
        assertThat(wake).isAfter(created.plusSeconds(1)).isBeforeOrEqualTo(created.plusSeconds(2));
    }

    @Test
    void badDebounceParameters_arePrecise400s_andStartNothing() throws Exception {
        processes.runtime(dataDir);
        processes.worker(CountingWorker.class.getName());
        Http http = new Http(processes);
        startWhenRegistered("steps", new CountingWorker.Plan(dir.toString(), 0));
        String runs = "/v1/workflows/steps/runs";
        assertError(http.post(runs + "?debounceKey=k", plan(1)), 400, "INVALID_ARGUMENT", "debounce");
        assertError(http.post(runs + "?debounce=5s", plan(1)), 400, "INVALID_ARGUMENT", "debounceKey");
        assertError(http.post(runs + "?debounce=5x&debounceKey=k", plan(1)), 400, "INVALID_ARGUMENT", "debounce");
        assertError(http.post(runs + "?debounce=1ms&debounceKey=k", plan(1)), 400, "INVALID_ARGUMENT", "10ms");
        assertError(http.post(runs + "?debounce=8d&debounceKey=k", plan(1)), 400, "INVALID_ARGUMENT", "7d");
        assertError(http.post(runs + "?debounce=5s&debounceKey=k&debounceMax=1s", plan(1)), 400, "INVALID_ARGUMENT",
                "debounceMax");
        assertError(http.post(runs + "?debounce=5s&debounceKey=k", plan(1), "Idempotency-Key", "i1"), 400,
                "INVALID_ARGUMENT", "Idempotency-Key");
        assertError(http.post(runs + "?debounce=5s&debounceKey=" + "x".repeat(300), plan(1)), 400, "INVALID_ARGUMENT",
                "debounceKey");
        assertThat(http.get("/v1/runs?workflow=steps&status=SUSPENDED").json().path("runs")).isEmpty();
    }

    private String plan(int steps) throws Exception {
        return dev.mainstay.sdk.internal.Json.MAPPER.writeValueAsString(new CountingWorker.Plan(dir.toString(), steps));
    }
}
