package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Secrets never reach a watcher: live events, entries and errors are redacted and cut like every other view. */
class RedactionIT extends RealProcessesTest {

    @Test
    void liveEventsEntriesAndErrors_areRedactedAndTruncated() throws Exception {
        processes.runtime(dataDir);
        processes.worker(SecretsWorker.class.getName());
        Http http = new Http(processes);
        Path release = dir.resolve("release");
        RunInfo run = startWhenRegistered("leaky", release.toString());
        org.awaitility.Awaitility.await("login running").atMost(TIMEOUT)
                .until(() -> client.run(run.id()).status() == RunStatus.RUNNING);

        // the step ends once this stream has seen its live output
        List<Sse.Event> events = Sse.followUntilEnd(processes, run.id(), e -> e.name().equals("step-output"),
                () -> Files.writeString(release, "go"));

        assertThat(events).allSatisfy(e -> assertThat(e.data()).as(e.name()).doesNotContain("SECRET"));
        List<Sse.Event> output = events.stream().filter(e -> e.name().equals("step-output")).toList();
        assertThat(output).isNotEmpty().allSatisfy(e -> assertThat(e.json().path("text").asText())
                .contains("apiKey=***").contains("truncated").hasSizeLessThan(4_200));
        Sse.Event login = events.stream().filter(e -> e.name().equals("step")
                && e.json().path("name").asText().equals("login")).findFirst().orElseThrow();
        assertThat(login.json().path("output").path("accessToken").asText()).isEqualTo("***");
        assertThat(login.json().path("output").path("client_secret").asText()).isEqualTo("***");
        assertThat(login.json().path("output").path("user").asText()).isEqualTo("ada");
        Sse.Event end = events.getLast();
        assertThat(end.name()).isEqualTo("end");
        assertThat(end.json().path("status").asText()).isEqualTo("FAILED");
        assertThat(end.json().path("error").path("message").asText()).contains("password=***");

        // the UI's reads: the same
        assertThat(http.get("/v1/runs/" + run.id() + "?preview=true").body()).doesNotContain("SECRET").contains("password=***");
        assertThat(http.get("/v1/runs/" + run.id() + "/journal?preview=true").body()).doesNotContain("SECRET");
        // clients read what was journaled, exactly (replay and callers need it)
        assertThat(http.get("/v1/runs/" + run.id() + "/journal").body()).contains("tok-SECRET-1");
    }
}
