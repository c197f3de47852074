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
    void aRetentionUnderASecond_isRefusedAtStart() throws Exception {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> processes.runtime(dataDir, "--retention", "10ms"))
                .hasMessageContaining("exited with");
        assertThat(cliLog()).contains("--retention was 10 ms", "at least 1s");
    }

    private String cliLog() throws java.io.IOException {
        return java.nio.file.Files.readString(processes.logs().get(processes.logs().size() - 1));
    }
}
