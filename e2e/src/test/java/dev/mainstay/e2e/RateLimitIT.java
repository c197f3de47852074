package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.e2e.PacedWorker.Job;
import dev.mainstay.protocol.v1.Component;
import dev.mainstay.protocol.v1.Register;
import dev.mainstay.protocol.v1.WorkerMessage;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.testing.ProcessSet;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rate limits ({@code @Workflow(rateLimit = "2/3s", rateKey = "customerId")}), against real
 * processes: at most 2 runs per customer begin in any 3 s, the others wait visibly and begin by
 * themselves when the window frees a place; another customer has places of its own.
 */
class RateLimitIT extends RealProcessesTest {
    private static final long WINDOW_MS = 3_000;
    /** Leeway between the runtime's claim of a run and its worker's first step (one machine, one clock). */
    private static final long TOLERANCE_MS = 500;

    @Test
    @AlsoOnPostgres
    void rateLimit_beginsAtMostTwoPerWindowPerKey_theOthersWaitVisibly_andBeginByThemselves() throws Exception {
        sharedRuntime();
        processes.worker(PacedWorker.class.getName());
        String customer = "c-" + UUID.randomUUID(); // the runtime is shared: keys of its own
        RunInfo warmUp = startWhenRegistered("paced", new Job("warm-up-" + customer, 0));
        assertThat(client.await(warmUp.id(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);

        long before = System.currentTimeMillis();
        List<RunInfo> burst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            burst.add(client.start("paced", new Job(customer, i)));
        }
        RunInfo other = client.start("paced", new Job("other-" + customer, 0));

        Http http = new Http(processes);
        String reason = await("runs over the rate wait, visibly").atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    for (RunInfo run : burst) {
                        var view = http.get("/v1/runs/" + run.id()).json();
                        if (view.path("status").asText().equals("PENDING") && view.hasNonNull("waitingFor")) {
                            return view.path("waitingFor").asText();
                        }
                    }
                    return null;
                }, found -> found != null);
        assertThat(reason).isEqualTo("a place under the rate limit of 'paced' (2 per 3s)");

        List<Long> begins = new ArrayList<>();
        for (RunInfo run : burst) {
            RunInfo done = client.await(run.id(), TIMEOUT);
            assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
            begins.add(done.output().asLong());
        }
        begins.sort(null);
        long otherBegan = client.await(other.id(), TIMEOUT).output().asLong();

        assertThat(begins.get(1) - before).as("two begin at once").isLessThan(WINDOW_MS - TOLERANCE_MS);
        assertThat(otherBegan - before).as("another customer is not held by this one's window")
                .isLessThan(WINDOW_MS - TOLERANCE_MS);
        for (int i = 0; i + 2 < begins.size(); i++) {
            assertThat(begins.get(i + 2) - begins.get(i)).as("at most 2 begin in any 3 s: runs %d and %d", i, i + 2)
                    .isGreaterThanOrEqualTo(WINDOW_MS - TOLERANCE_MS);
        }
        // by themselves, soon after the window frees a place: no other event happened
        assertThat(begins.get(2) - begins.get(0)).as("the third, once the first left the window").isLessThan(WINDOW_MS + 1_500);
        assertThat(begins.get(4) - begins.get(2)).as("the fifth, once the third left it").isLessThan(WINDOW_MS + 1_500);
    
        // where a person sees why: the workflow's settings over HTTP and in the CLI
        var settings = http.get("/v1/workflows/paced").json();
        assertThat(settings.path("rateLimit").asText()).isEqualTo("2/3s");
        assertThat(settings.path("rateKey").asText()).isEqualTo("customerId");
        assertThat(settings.path("paused").asBoolean()).isFalse();
        assertThat(client.workflow("paced").upgrade()).isEqualTo("PINNED");
        assertThat(cli("workflows", "show", "paced", "--url", processes.url())).contains("rate limit   2/3s per customerId");
        GatewayErrorsIT.assertError(http.get("/v1/workflows/nope"), 404, "WORKFLOW_NOT_FOUND");
    }

    @Test
    @AlsoOnPostgres
    void aRunReDispatchedAfterItsWorkerWasKilled_takesNoSecondPlace() throws Exception {
        processes.runtime(dataDir);
        Process worker = processes.worker(PacedWorker.class.getName());
        RunInfo run = startWhenRegistered("gated", new PacedWorker.Gate("k-1", dir.toString()));
        await("its step runs").atMost(TIMEOUT).until(() -> java.nio.file.Files.exists(dir.resolve("started")));

        ProcessSet.kill(worker); // the run's one place (1 per hour) was taken by its first claim
        java.nio.file.Files.writeString(dir.resolve("open"), "go");
        processes.worker(PacedWorker.class.getName());

        RunInfo done = client.await(run.id(), TIMEOUT);
        assertThat(done.status()).as("re-dispatched at once: a re-dispatch is not a beginning").isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().asText()).isEqualTo("through");
        assertThat(done.epoch()).as("claimed again after the kill").isGreaterThan(1);
        RunInfo second = client.start("gated", new PacedWorker.Gate("k-1", dir.toString()));
        await("a second run of the key waits for the hour").atMost(TIMEOUT)
                .until(() -> client.run(second.id()).waitingFor() != null);
        assertThat(client.run(second.id()).waitingFor()).isEqualTo("a place under the rate limit of 'gated' (1 per 1h)");
    }

    @Test
    void aBadRateLimit_isRefusedAtRegistration_andAChangedOne_isAConflict() throws Exception {
        sharedRuntime();
        String name = "paced-" + UUID.randomUUID().toString().substring(0, 8);
        try (RogueWorker bad = new RogueWorker(processes)) {
            bad.send(register("bad", RogueWorker.workflow(name).toBuilder().setRateLimit("100 per minute").build()));
            Status status = bad.awaitEnd(TIMEOUT);
            assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(status.getDescription()).startsWith("INVALID_ARGUMENT: the rate limit of '" + name + "' is refused: ")
                    .contains("rateLimit '100 per minute' is not a rate limit", "e.g. \"100/1m\"");
        }
        try (RogueWorker first = new RogueWorker(processes); RogueWorker changed = new RogueWorker(processes)) {
            Component paced = RogueWorker.workflow(name).toBuilder().setRateLimit("2/3s").setRateKey("customerId").build();
            first.register("first", 4, paced);
            changed.send(register("changed", paced.toBuilder().setRateLimit("5/3s").build()));
            Status status = changed.awaitEnd(TIMEOUT);
            assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(status.getDescription()).startsWith("REGISTRATION_CONFLICT: ")
                    .contains("rate_limit '5/3s' here, '2/3s' there");
        }
    }

    private static WorkerMessage register(String workerId, Component... components) {
        return WorkerMessage.newBuilder().setRegister(Register.newBuilder().setWorkerId(workerId).setCapacity(4)
                .addAllComponents(List.of(components))).build();
    }
}
