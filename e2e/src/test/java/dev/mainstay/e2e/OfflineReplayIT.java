package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mainstay.sdk.NonDeterminismException;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.testing.Replayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Offline replay end to end: a run on a real runtime and worker, exported with {@code mainstay runs
 * export}, replayed by {@link Replayer} in this JVM against the code that ran it and against a change.
 */
class OfflineReplayIT extends RealProcessesTest {

    @Test
    void exportedRun_replaysAgainstItsCode_andARenamedStepIsNonDeterminismAtItsPosition() throws Exception {
        processes.runtime(dataDir);
        processes.worker(FulfilmentWorker.class.getName());
        RunInfo run = startWhenRegistered("fulfil", "o-42");
        await().atMost(TIMEOUT).until(() -> "approved".equals(client.run(run.id()).waitingFor()));

        // exported while it waits: the history so far fits the code, and the changed one too
        Path waiting = dir.resolve("waiting.json");
        Files.writeString(waiting, cli("runs", "export", run.id(), "--url", processes.url()));
        Replayer.replay(new FulfilmentWorker(false), waiting);
        Replayer.replay(new FulfilmentWorker(true), waiting);

        client.sendEvent(run.id(), "approved", true, null);
        assertThat(client.await(run.id(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
        Path completed = dir.resolve("completed.json");
        Files.writeString(completed, cli("runs", "export", run.id(), "--url", processes.url()));

        JsonNode export = new ObjectMapper().readTree(completed.toFile());
        assertThat(export.path("format").asInt()).isEqualTo(1);
        assertThat(export.path("run").path("output").asText()).isEqualTo("r-o-42/true/40/label-o-42");
        assertThat(export.path("journal").findValuesAsText("kind"))
                .containsExactly("step", "sleep", "event", "call", "step");
        Replayer.replay(new FulfilmentWorker(false), completed);
        assertThatThrownBy(() -> Replayer.replay(new FulfilmentWorker(true), completed))
                .isInstanceOfSatisfying(NonDeterminismException.class, e -> {
                    assertThat(e.runId()).isEqualTo(run.id());
                    assertThat(e.position()).isEqualTo(5);
                    assertThat(e.expected()).isEqualTo("step 'ship'");
                    assertThat(e.actual()).isEqualTo("step 'ship-parcel'");
                });
        assertThat(Replayer.replayAll(new FulfilmentWorker(false), dir)).isEqualTo(2);
    }
}
