package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.sdk.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tracing through real processes: a runtime configured by the standard OTel variables (here the
 * logging exporter, as system properties) exports one trace per run inside the caller's trace,
 * with the attributes the worker's user code set; the worker's log lines carry run and step.
 */
class TracingIT extends RealProcessesTest {
    static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void run_isTracedInsideTheCallersTrace_withUserAttributes() throws Exception {
        Process runtime = processes.runtime(dataDir, List.of("-Dotel.traces.exporter=logging", "-Dotel.bsp.schedule.delay=50"));
        processes.worker(ObservedWorker.class.getName());
        Http http = new Http(processes);
        startWhenRegistered("greet", "warm-up");

        Http.Response started = http.post("/v1/workflows/onboarding/runs", "{\"user\":\"ada\",\"tenant\":\"acme\"}",
                "traceparent", "00-" + CALLER_TRACE + "-00f067aa0ba902b7-01");
        assertThat(started.status()).isEqualTo(201);
        String runId = started.json().get("id").asText();
        await("waiting").atMost(TIMEOUT).until(() -> client.run(runId).status() == RunStatus.SUSPENDED);
        client.sendEvent(runId, "approval", new ObservedWorker.Approval(true, "grace"), null);
        assertThat(client.await(runId, TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);

        Path runtimeLog = processes.logs().get(0);
        await("spans exported").atMost(TIMEOUT).untilAsserted(() -> {
            List<String> spans = Files.readAllLines(runtimeLog).stream().filter(l -> l.contains(CALLER_TRACE)).toList();
            assertThat(spans).anySatisfy(l -> assertThat(l).contains("'run onboarding'", "tenant.id=acme", "mainstay.run.status=COMPLETED"));
            assertThat(spans).anySatisfy(l -> assertThat(l).contains("'step fetch-profile'", "profile.source=crm",
                    "mainstay.operation.attempt=1"));
            assertThat(spans).anySatisfy(l -> assertThat(l).contains("'step fetch-profile'", "mainstay.operation.attempt=2",
                    "mainstay.output=\"profile of ada\""));
            assertThat(spans).anySatisfy(l -> assertThat(l).contains("'event approval'"));
            assertThat(spans).anySatisfy(l -> assertThat(l).contains("'step activate'"));
        });
        // the greet run had no caller: a trace of its own, named by its run id
        assertThat(Files.readString(runtimeLog)).contains("'run greet'");
        assertThat(runtime.isAlive()).isTrue();
        // a log line of user code inside a step carries the run and the step (MDC)
        assertThat(Files.readAllLines(processes.logs().get(1))).filteredOn(l -> l.contains("fetching the profile of ada"))
                .hasSize(2).allSatisfy(l -> assertThat(l).contains("runId=" + runId, "step=fetch-profile", "workflow=onboarding"))
                .anySatisfy(l -> assertThat(l).contains("attempt=2"));
    }
}
