package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.e2e.ReplayWorker.Job;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StepInfo;
import dev.mainstay.testing.ProcessSet;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replay against real processes (issue 11): what a changed body, a cancel, a crash or another
 * worker's registration does to a run's replay.
 */
class ReplayHardeningIT extends RealProcessesTest {

    Job job() {
        return new Job(dir.toString(), processes.url());
    }

    @Test
    void nonDeterminism_caughtByTheBody_stillFailsTheRun_andLeavesTheJournalAsItWas() {
        processes.runtime(dataDir);
        Process old = processes.worker(ReplayWorker.class.getName());
        RunInfo run = startWhenRegistered("swallow", job());
        await("asleep").atMost(TIMEOUT).until(() -> client.run(run.id()).status() == RunStatus.SUSPENDED);
        List<StepInfo> before = client.journal(run.id());

        ProcessSet.kill(old);
        processes.worker(ReplayWorker.class.getName(), "--changed");
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.FAILED);
        assertThat(done.error().code()).isEqualTo("NON_DETERMINISM");
        assertThat(done.error().message()).contains("1", "step 'one'", "step 'uno'");
        assertThat(client.journal(run.id())).isEqualTo(before).extracting(StepInfo::kind).containsExactly("step", "sleep");
    }
}
