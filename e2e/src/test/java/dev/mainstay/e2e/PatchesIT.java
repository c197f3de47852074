package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mainstay.sdk.NonDeterminismException;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StepInfo;
import dev.mainstay.testing.ProcessSet;
import dev.mainstay.testing.Replayer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A deploy of changed workflow code across a crash: a run of the old code is past the changed step
 * when its worker is killed (SIGKILL), and a worker of the new code, whose change is guarded by
 * {@code ctx.patched}, finishes it on the old branch without a non-determinism, while a new run
 * takes the new branch and journals the patch marker. The offline replayer judges both exports as
 * the workers do.
 */
class PatchesIT extends RealProcessesTest {

    @Test
    void runOfTheOldCode_killedPastThePatchPoint_finishesOnTheOldBranch_andANewRunTakesTheNewOne() throws Exception {
        processes.runtime(dataDir);
        Path oldRunDir = Files.createDirectories(dir.resolve("old-run"));
        Process oldCode = processes.worker(PatchWorker.class.getName());
        RunInfo oldRun = startWhenRegistered("renew", oldRunDir.toString());
        await("the old run renewing").atMost(TIMEOUT).until(() -> Files.exists(oldRunDir.resolve("renewing")));

        ProcessSet.kill(oldCode);
        Files.writeString(oldRunDir.resolve("release"), "go");
        processes.worker(PatchWorker.class.getName(), "--patched");
        RunInfo resumed = client.await(oldRun.id(), TIMEOUT);

        assertThat(resumed.status()).as("no NON_DETERMINISM: %s", resumed.error()).isEqualTo(RunStatus.COMPLETED);
        assertThat(resumed.output(String.class)).isEqualTo("load-account/risk-score/renew");
        assertThat(client.journal(oldRun.id())).extracting(StepInfo::kind, StepInfo::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple("step", "load-account"),
                org.assertj.core.groups.Tuple.tuple("step", "risk-score"),
                org.assertj.core.groups.Tuple.tuple("step", "renew"));
        assertThat(PatchWorker.effects(oldRunDir)).as("finished steps did not run again; renew was in flight at the kill")
                .containsExactly(oldRun.id() + " load-account", oldRun.id() + " risk-score", oldRun.id() + " renew");

        Path newRunDir = Files.createDirectories(dir.resolve("new-run"));
        Files.writeString(newRunDir.resolve("release"), "go");
        RunInfo newRun = client.start("renew", newRunDir.toString());
        RunInfo finished = client.await(newRun.id(), TIMEOUT);

        assertThat(finished.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(finished.output(String.class)).isEqualTo("load-account/credit-check/renew");
        assertThat(client.journal(newRun.id())).extracting(StepInfo::kind, StepInfo::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple("step", "load-account"),
                org.assertj.core.groups.Tuple.tuple("patch", "credit-check"),
                org.assertj.core.groups.Tuple.tuple("step", "credit-check"),
                org.assertj.core.groups.Tuple.tuple("step", "renew"));

        // offline, as CI would check the new code against exported production runs
        Path oldExport = dir.resolve("old.json");
        Files.writeString(oldExport, cli("runs", "export", oldRun.id(), "--url", processes.url()));
        Path newExport = dir.resolve("new.json");
        Files.writeString(newExport, cli("runs", "export", newRun.id(), "--url", processes.url()));
        Replayer.replay(new PatchWorker(true), oldExport);
        Replayer.replay(new PatchWorker(true), newExport);
        Replayer.replay(new PatchWorker(false), oldExport);
        assertThatThrownBy(() -> Replayer.replay(new PatchWorker(false), newExport))
                .as("a rollback to the old code cannot replay a run that took the patch")
                .isInstanceOfSatisfying(NonDeterminismException.class, e -> {
                    assertThat(e.position()).isEqualTo(2);
                    assertThat(e.expected()).isEqualTo("patch 'credit-check'");
                    assertThat(e.actual()).isEqualTo("step 'risk-score'");
                });
    }
}
