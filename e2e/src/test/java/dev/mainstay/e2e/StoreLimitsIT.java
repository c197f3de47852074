package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What one run may hold, and payloads every part of the system reads alike, against real processes.
 * The tests on a runtime with default flags share one ({@link #sharedRuntime}).
 */
class StoreLimitsIT extends RealProcessesTest {

    @Test
    void childOutputPastAParsersDefaultLimits_reachesTheParent_andFreesTheWorker() throws Exception {
        sharedRuntime();
        processes.worker(LimitsWorker.class.getName());
        RunInfo parent = startWhenRegistered("digits-parent", null);
        Http http = new Http(processes);

        // the long-poll answers: the parent learnt its child's outcome and the worker's one slot came free
        Http.Response done = http.get("/v1/runs/" + parent.id() + "?wait=60s");
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.json().get("status").asText()).as(done.body()).isEqualTo("COMPLETED");
        assertThat(done.json().get("output").asInt()).isEqualTo(1_200);

        String child = client.journal(parent.id()).getFirst().output().get("runId").asText();
        Http.Response childView = http.get("/v1/runs/" + child);
        assertThat(childView.status()).isEqualTo(200);
        assertThat(childView.json().get("output").toString()).isEqualTo("7".repeat(1_200));
        RunInfo after = client.startAndWait("many-steps", 3, dev.mainstay.sdk.StartOptions.defaults(), Duration.ofSeconds(60));
        assertThat(after.status()).as("the worker's only slot is free again").isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void aRunPastItsJournalBound_failsWithJournalTooLarge_andTheWorkerGoesOn() {
        processes.runtime(dataDir, "--max-journal-entries", "20");
        processes.worker(LimitsWorker.class.getName());
        RunInfo big = startWhenRegistered("many-steps", 50);
        RunInfo failed = client.await(big.id(), TIMEOUT);

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.error().code()).isEqualTo("JOURNAL_TOO_LARGE");
        assertThat(failed.error().message()).contains("--max-journal-entries");
        assertThat(client.journal(big.id())).hasSize(20);

        RunInfo small = client.startAndWait("many-steps", 5, dev.mainstay.sdk.StartOptions.defaults(), Duration.ofSeconds(60));
        assertThat(small.status()).as("the worker's only slot is free again").isEqualTo(RunStatus.COMPLETED);
        assertThat(small.output(Integer.class)).isEqualTo(15);
    }

    @Test
    void aFullInbox_refusesTheNextEvent_withAPreciseError() throws Exception {
        processes.runtime(dataDir, "--max-inbox-events", "3");
        processes.worker(LimitsWorker.class.getName());
        RunInfo run = startWhenRegistered("waits", null);
        await().atMost(TIMEOUT).until(() -> client.run(run.id()).status() == RunStatus.SUSPENDED);
        Http http = new Http(processes);
        for (int i = 0; i < 3; i++) {
            assertThat(http.post("/v1/runs/" + run.id() + "/events/other", "{}").status()).isEqualTo(202);
        }
        Http.Response refused = http.post("/v1/runs/" + run.id() + "/events/other", "{}");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("code").asText()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(refused.json().get("message").asText()).contains("--max-inbox-events");
        assertThat(client.run(run.id()).status()).isEqualTo(RunStatus.SUSPENDED);
    }

    @Test
    void aJournalOfManyPages_isReplayedWholeAfterAKillOfTheWorker() throws Exception {
        sharedRuntime();
        Process worker = processes.worker(LimitsWorker.class.getName());
        RunInfo run = startWhenRegistered("big-steps", 60); // 6 MB of journal: a dispatch carries at most 4 MiB
        await("60 steps journaled, waiting").atMost(TIMEOUT)
                .until(() -> client.run(run.id()).status() == RunStatus.SUSPENDED);
        dev.mainstay.testing.ProcessSet.kill(worker);
        processes.worker(LimitsWorker.class.getName());
        client.sendEvent(run.id(), "go", "now", null);

        RunInfo done = client.await(run.id(), TIMEOUT);
        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(RunStatus.COMPLETED);
        long expected = java.util.stream.IntStream.rangeClosed(1, 60).mapToLong(i -> 100_000 + String.valueOf(i).length()).sum();
        assertThat(done.output(Long.class)).isEqualTo(expected);
        assertThat(client.journal(run.id())).hasSize(61);
    }

    @Test
    void aRunPastItsDeadline_freesItsWorkersSlotAtOnce_notWhenItsStepReturns() {
        processes.runtime(dataDir);
        processes.worker(LimitsWorker.class.getName()); // capacity 1
        RunInfo overdue = startWhenRegistered("overdue", null);
        await().atMost(TIMEOUT).until(() -> client.run(overdue.id()).status() == RunStatus.RUNNING);
        RunInfo next = client.start("many-steps", 2);

        // the overdue step sleeps 30 s: the next run must not wait for it
        RunInfo done = client.await(next.id(), Duration.ofSeconds(15));
        assertThat(done.status()).as("dispatched once the deadline took the slot back").isEqualTo(RunStatus.COMPLETED);
        RunInfo failed = client.run(overdue.id());
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.error().code()).isEqualTo("RUN_TIMED_OUT");
        assertThat(client.journal(overdue.id())).as("the stopped body wrote nothing more").isEmpty();
    }
}
