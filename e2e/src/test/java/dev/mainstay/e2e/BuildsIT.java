package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.testing.ProcessSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A rolling deploy with real processes: a runtime, a worker of build v1 with one run in flight and
 * one waiting for an event, then a worker of build v2. New runs go to v2; the old runs stay on v1
 * and finish there; once v1 is drained (SIGTERM), an old run that wakes waits, PENDING, for "a
 * worker of build v1" (v2 never takes it, so it cannot fail with a non-determinism), and finishes
 * when a v1 worker is back. None fails. Then promote and rollback through the CLI.
 */
class BuildsIT extends RealProcessesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rollingDeploy_oldRunsFinishOnTheOldBuild_newRunsRunOnTheNew_andNoneFails() throws Exception {
        processes.runtime(dataDir);
        Process v1 = processes.worker(DeployWorker.class.getName(), "v1");

        Path waitingDir = Files.createDirectories(dir.resolve("waiting"));
        RunInfo waiting = startWhenRegistered("order", waitingDir.toString());
        await("the waiting run suspended on its event").atMost(TIMEOUT)
                .until(() -> client.run(waiting.id()).status() == RunStatus.SUSPENDED);

        Path inFlightDir = Files.createDirectories(dir.resolve("in-flight"));
        Files.writeString(inFlightDir.resolve("hold"), "");
        RunInfo inFlight = client.start("order", inFlightDir.toString());
        await("the in-flight run in its step").atMost(TIMEOUT).until(() -> Files.exists(inFlightDir.resolve("started-reserve")));

        processes.worker(DeployWorker.class.getName(), "v2");
        await("v2 registered and current").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> builds().path("current").asText().equals("v2"));

        Path newDir = Files.createDirectories(dir.resolve("new"));
        RunInfo fresh = client.start("order", newDir.toString());
        await("the new run suspended").atMost(TIMEOUT).until(() -> client.run(fresh.id()).status() == RunStatus.SUSPENDED);
        client.sendEvent(fresh.id(), "approval", "yes", "e-new");
        assertThat(finished(fresh).output(String.class)).as("a new run goes to the newest build").isEqualTo("v2/v2");

        // the old runs: the in-flight one finishes its step, the waiting one wakes, both on v1
        Files.delete(inFlightDir.resolve("hold"));
        client.sendEvent(waiting.id(), "approval", "yes", "e-waiting");
        assertThat(finished(waiting).output(String.class)).as("woken while v1 and v2 are connected").isEqualTo("v1/v1");
        await("the in-flight run suspended").atMost(TIMEOUT).until(() -> client.run(inFlight.id()).status() == RunStatus.SUSPENDED);

        JsonNode duringDeploy = build(builds(), "v1");
        assertThat(duringDeploy.path("liveRuns").asLong()).isEqualTo(1);
        assertThat(duringDeploy.path("safeToShutDown").asBoolean()).isFalse();

        ProcessSet.stop(v1); // drained while a run of v1 still waits
        client.sendEvent(inFlight.id(), "approval", "yes", "e-in-flight");
        await("the woken run waits for a worker of its build").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> "a worker of build v1".equals(client.run(inFlight.id()).waitingFor()));
        await("v2 does not take it").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> client.run(inFlight.id()).status() == RunStatus.PENDING);
        assertThat(DeployWorker.effects(inFlightDir)).containsExactly(inFlight.id() + " reserve v1");

        processes.worker(DeployWorker.class.getName(), "v1");
        assertThat(finished(inFlight).output(String.class)).as("finished by a v1 worker, not failed").isEqualTo("v1/v1");
        assertThat(DeployWorker.effects(inFlightDir)).containsExactly(inFlight.id() + " reserve v1", inFlight.id() + " ship v1");
        assertThat(DeployWorker.effects(newDir)).containsExactly(fresh.id() + " reserve v2", fresh.id() + " ship v2");

        JsonNode after = builds();
        assertThat(after.path("current").asText()).isEqualTo("v2");
        assertThat(build(after, "v1").path("safeToShutDown").asBoolean()).as("no live runs on v1").isTrue();
        assertThat(build(after, "v1").path("endedRuns").asLong()).isEqualTo(2);
        assertThat(build(after, "v2").path("safeToShutDown").asBoolean()).as("current").isFalse();

        // promote the old build back (a bad deploy), then roll back to the one before
        assertThat(cli("builds", "promote", "order", "v1", "--url", processes.url())).contains("v1").contains("current");
        Path promotedDir = Files.createDirectories(dir.resolve("promoted"));
        RunInfo promoted = client.start("order", promotedDir.toString());
        await("the run on v1").atMost(TIMEOUT).until(() -> Files.exists(promotedDir.resolve("started-reserve")));
        assertThat(Files.readString(promotedDir.resolve("started-reserve"))).isEqualTo("v1");
        cli("builds", "rollback", "order", "--url", processes.url());
        assertThat(builds().path("current").asText()).isEqualTo("v2");
        client.sendEvent(promoted.id(), "approval", "yes", "e-promoted");
        assertThat(finished(promoted).output(String.class)).as("pinned to v1 though v2 is current again").isEqualTo("v1/v1");
        assertThat(cli("builds", "list", "order", "--url", processes.url())).contains("v1").contains("v2")
                .contains("SAFE TO SHUT DOWN");
    }

    private RunInfo finished(RunInfo run) {
        RunInfo done = client.await(run.id(), TIMEOUT);
        assertThat(done.status()).as("run %s: %s", run.id(), done.error()).isEqualTo(RunStatus.COMPLETED);
        return done;
    }

    private JsonNode builds() throws Exception {
        return JSON.readTree(cli("builds", "list", "order", "--output", "json", "--url", processes.url()));
    }

    private static JsonNode build(JsonNode builds, String id) {
        for (JsonNode b : builds.path("builds")) {
            if (b.path("buildId").asText().equals(id)) {
                return b;
            }
        }
        throw new AssertionError("no build " + id + " in " + builds);
    }
}
