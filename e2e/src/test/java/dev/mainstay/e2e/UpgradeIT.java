package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import dev.mainstay.e2e.UpgradeWorker.Migration;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.sdk.BuildInfo;
import dev.mainstay.sdk.MainstayApiException;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StepInfo;
import dev.mainstay.testing.ProcessSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A workflow that upgrades its runs ({@code @Workflow(upgrade = LATEST)}) across a deploy, with real
 * processes: a run sleeping on build v1 when v1 is stopped waits for the current build, and finishes
 * on v2 when it starts, taking the old branch of a change it had passed ({@code patched} false) and
 * the new code after it ({@code patched} true); a run waiting on v1 while v1 and v2 are both
 * connected goes on with v2. The client's builds calls against the real runtime. That a PINNED
 * workflow's runs wait for their own build instead is {@link BuildsIT}'s.
 */
class UpgradeIT extends RealProcessesTest {

    @Test
    void runsOfALatestWorkflow_moveToTheCurrentBuild_andPatchesDecideEachChange() throws Exception {
        processes.runtime(dataDir);
        Process v1 = processes.worker(UpgradeWorker.class.getName(), "v1");
        Path waitingDir = Files.createDirectories(dir.resolve("waiting"));
        RunInfo waiting = startWhenRegistered("migrate", new Migration(waitingDir.toString(), 0));
        Path sleepingDir = Files.createDirectories(dir.resolve("sleeping"));
        RunInfo sleeping = client.start("migrate", new Migration(sleepingDir.toString(), 5_000));
        await("both runs wait on v1").atMost(TIMEOUT).until(() -> client.run(sleeping.id()).status() == RunStatus.SUSPENDED
                && client.run(waiting.id()).status() == RunStatus.SUSPENDED);

        ProcessSet.stop(v1); // while the sleep goes on
        await("the sleep ended with no worker: the run waits for the current build").atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> "a worker of build v1".equals(client.run(sleeping.id()).waitingFor()));

        processes.worker(UpgradeWorker.class.getName(), "v2", "--patched");
        RunInfo slept = finished(sleeping);
        assertThat(slept.output(String.class)).as("the old branch before the sleep, the new code after it")
                .isEqualTo("risk-score@v1/notify@v2/finish@v2");
        assertThat(client.journal(sleeping.id())).extracting(StepInfo::kind, StepInfo::name).containsExactly(
                tuple("step", "risk-score"), tuple("sleep", "sleep"), tuple("patch", "notify"),
                tuple("step", "notify"), tuple("step", "finish"));
        assertThat(UpgradeWorker.effects(sleepingDir)).as("nothing ran twice").containsExactly(
                sleeping.id() + " risk-score v1", sleeping.id() + " notify v2", sleeping.id() + " finish v2");

        assertThat(client.builds("migrate")).extracting(BuildInfo::buildId, BuildInfo::current, BuildInfo::liveRuns,
                BuildInfo::safeToShutDown).containsExactly(
                tuple("v2", true, 0L, false),
                tuple("v1", false, 1L, true)); // the waiting run last ran on v1, but will move: v1 may go

        // v1 back beside v2: the waiting run wakes on the current build, not on v1
        processes.worker(UpgradeWorker.class.getName(), "v1");
        await("v1 connected again").atMost(TIMEOUT).until(() -> client.builds("migrate").stream()
                .anyMatch(b -> b.buildId().equals("v1") && b.workers() == 1));
        client.sendEvent(waiting.id(), "go", "now", "go-1");
        assertThat(finished(waiting).output(String.class)).isEqualTo("risk-score@v1/notify@v2/finish@v2");
        assertThat(UpgradeWorker.effects(waitingDir)).containsExactly(
                waiting.id() + " risk-score v1", waiting.id() + " notify v2", waiting.id() + " finish v2");

        Path freshDir = Files.createDirectories(dir.resolve("fresh"));
        RunInfo fresh = client.start("migrate", new Migration(freshDir.toString(), 1));
        assertThat(finished(fresh).output(String.class)).as("a new run takes every patch")
                .isEqualTo("credit-check@v2/notify@v2/finish@v2");

        // promote and rollback through the client
        assertThat(client.promoteBuild("migrate", "v1")).filteredOn(BuildInfo::current).extracting(BuildInfo::buildId)
                .containsExactly("v1");
        assertThat(client.rollbackBuild("migrate")).filteredOn(BuildInfo::current).extracting(BuildInfo::buildId)
                .containsExactly("v2");
        assertThatThrownBy(() -> client.promoteBuild("migrate", "v9")).isInstanceOfSatisfying(MainstayApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BUILD_NOT_FOUND));
    }

    private RunInfo finished(RunInfo run) {
        RunInfo done = client.await(run.id(), TIMEOUT);
        assertThat(done.status()).as("run %s: %s", run.id(), done.error()).isEqualTo(RunStatus.COMPLETED);
        return done;
    }
}
