package dev.mainstay.e2e;

import static dev.mainstay.e2e.GatewayErrorsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StartOptions;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Priorities on a real runtime and a worker with one slot ({@link CountingWorker}): while the slot
 * is busy, runs started with the client, the CLI and plain HTTP queue; they are then dispatched
 * highest priority first, and in start order within one priority, as the order of their side
 * effects shows.
 */
class PrioritiesIT extends RealProcessesTest {
    private static final Pattern RUN_ID = Pattern.compile("run (\\S+) PENDING");

    @Test
    void runsWaitingForTheOneSlot_goHighestPriorityFirst_andInStartOrderWithinOnePriority() throws Exception {
        processes.runtime(dataDir);
        processes.worker(CountingWorker.class.getName(), "--block-at", "1", "--capacity", "1");
        Http http = new Http(processes);
        CountingWorker.Plan plan = new CountingWorker.Plan(dir.toString(), 1);
        RunInfo busy = startWhenRegistered("steps", plan);
        await("the slot taken").atMost(TIMEOUT).until(() -> Files.exists(dir.resolve("started-1")));

        RunInfo low1 = client.start("steps", plan, StartOptions.defaults().withPriority(-5));
        RunInfo normal1 = client.start("steps", plan);
        String high = runIdOf(cli("run", "steps", "--input", inputJson(plan), "--priority", "10", "--url", processes.url()));
        Http.Response normal2 = http.post("/v1/workflows/steps/runs?priority=0", inputJson(plan));
        assertThat(normal2.status()).as(normal2.body()).isEqualTo(201);
        RunInfo low2 = client.start("steps", plan, StartOptions.defaults().withPriority(-5));
        assertThat(client.run(high).priority()).isEqualTo(10);
        assertThat(low1.priority()).isEqualTo(-5);
        assertThat(cli("runs", "show", high, "--url", processes.url())).contains("priority  10");

        Files.writeString(dir.resolve("release"), "go");
        for (String id : List.of(busy.id(), low1.id(), normal1.id(), high, normal2.json().path("id").asText(), low2.id())) {
            assertThat(client.await(id, TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
        }

        assertThat(CountingWorker.effects(dir)).extracting(line -> line.substring(0, line.indexOf(' ')))
                .containsExactly(busy.id(), high, normal1.id(), normal2.json().path("id").asText(), low1.id(), low2.id());
        assertError(http.post("/v1/workflows/steps/runs?priority=1001", inputJson(plan)), 400, "INVALID_ARGUMENT", "priority");
    }

    private static String inputJson(CountingWorker.Plan plan) throws Exception {
        return dev.mainstay.sdk.internal.Json.MAPPER.writeValueAsString(plan);
    }

    private static String runIdOf(String cliOutput) {
        Matcher matcher = RUN_ID.matcher(cliOutput);
        assertThat(matcher.find()).as(cliOutput).isTrue();
        return matcher.group(1);
    }
}
