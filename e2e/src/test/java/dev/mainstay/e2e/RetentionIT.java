package dev.mainstay.e2e;

import static dev.mainstay.e2e.GatewayErrorsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import org.junit.jupiter.api.Test;

/**
 * {@code --retention} on a real runtime: a finished run, its journal with it, goes once it is older
 * than the retention, in the background; a run that waits stays, however old; its idempotency key
 * starts a new run afterwards. A bad value stops the start with a precise message.
 */
class RetentionIT extends RealProcessesTest {

    @Test
    void finishedRunsGoAfterTheRetention_waitingOnesStay() throws Exception {
        processes.runtime(dataDir, "--retention", "2s");
        processes.worker(ObservedWorker.class.getName());
        RunInfo waiting = startWhenRegistered("onboarding", new ObservedWorker.Signup("eve", "acme"));
        RunInfo done = client.start("greet", "ada", dev.mainstay.sdk.StartOptions.defaults().withIdempotencyKey("greet-ada"));
        assertThat(client.await(done.id(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
        Http http = new Http(processes);
        assertThat(http.get("/v1/runs/" + done.id() + "/journal").json().path("entries").size()).isPositive();

        await("the finished run deleted").atMost(TIMEOUT)
                .until(() -> http.get("/v1/runs/" + done.id()).status() == 404);
        assertError(http.get("/v1/runs/" + done.id() + "/journal"), 404, "RUN_NOT_FOUND");
        assertThat(client.run(waiting.id()).status()).isEqualTo(RunStatus.SUSPENDED);
        RunInfo again = client.start("greet", "ada", dev.mainstay.sdk.StartOptions.defaults().withIdempotencyKey("greet-ada"));
        assertThat(again.id()).isNotEqualTo(done.id());
        assertThat(java.nio.file.Files.readString(processes.logs().get(0))).contains("event=retention_deleted runs=1");
    }

    @Test
    void aWorkflowsOwnRetention_deletesItsRuns_whileOthersStay_andFollowsTheRuntimesAgainWhenCleared() throws Exception {
        processes.runtime(dataDir, "--retention", "1h");
        processes.worker(ObservedWorker.class.getName());
        Http http = new Http(processes);
        RunInfo kept = startWhenRegistered("greet", "kept");
        assertThat(client.await(kept.id(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
        RunInfo other = client.start("doomed", "eve");
        assertThat(client.await(other.id(), TIMEOUT).status()).isEqualTo(RunStatus.FAILED);
        assertThat(client.retention("greet").retention()).isNull();
        assertThat(client.retention("greet").runtimeRetention()).isEqualTo("1h");

        assertThat(cli("workflows", "retention", "greet", "2s", "--url", processes.url()))
                .contains("workflow greet: finished runs kept 2s (its own)");
        await("the short-lived workflow's run deleted").atMost(TIMEOUT)
                .until(() -> http.get("/v1/runs/" + kept.id()).status() == 404);
        assertThat(http.get("/v1/runs/" + other.id()).status()).as("another workflow's finished run stays").isEqualTo(200);

        assertThat(client.setRetention("greet", null).retention()).isNull();
        assertThat(cli("workflows", "retention", "greet", "--url", processes.url()))
                .contains("finished runs kept 1h (the runtime's)");
        RunInfo later = client.start("greet", "later");
        assertThat(client.await(later.id(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
        await("kept by the runtime's hour").during(java.time.Duration.ofSeconds(3)).atMost(java.time.Duration.ofSeconds(9))
                .until(() -> http.get("/v1/runs/" + later.id()).status() == 200);

        assertError(http.put("/v1/workflows/greet/retention", "{\"retention\":\"500ms\"}"), 400, "INVALID_ARGUMENT", "1s");
        assertError(http.put("/v1/workflows/greet/retention", "{\"keep\":\"5d\"}"), 400, "INVALID_ARGUMENT", "retention");
        assertError(http.put("/v1/workflows/greet/retention", "{\"retention\":\"99999d\"}"), 400, "INVALID_ARGUMENT",
                "10 years");
        assertError(http.put("/v1/workflows/nope/retention", "{\"retention\":\"5d\"}"), 404, "WORKFLOW_NOT_FOUND");
    }

    @Test
    void aRetentionUnderASecond_isRefusedAtStart() throws Exception {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> processes.runtime(dataDir, "--retention", "10ms"))
                .hasMessageContaining("exited with");
        assertThat(cliLog()).contains("--retention was 10 ms", "at least 1s");
    }

    private String cliLog() throws java.io.IOException {
        return java.nio.file.Files.readString(processes.logs().get(processes.logs().size() - 1));
    }
}
