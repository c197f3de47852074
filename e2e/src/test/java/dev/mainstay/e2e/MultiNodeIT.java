package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.sdk.MainstayApiException;
import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StartOptions;
import dev.mainstay.testing.ProcessSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Several runtime nodes on one PostgreSQL database form one runtime: real runtime processes, real
 * workers over gRPC, real kill -9. Node leases are short here (3 s) so that a dead node's runs move
 * within a test's patience; the default is 10 s.
 */
class MultiNodeIT extends RealProcessesTest {
    private static final long LEASE_MS = 3_000;

    private TestDatabase database;
    private final List<Node> nodes = new ArrayList<>();
    private Path logs;

    /** One runtime process of the runtime: its own ports, data directory and node id. */
    private final class Node {
        final String id;
        final ProcessSet set;
        final Path data;
        Process process;

        Node(String id) {
            this.id = id;
            // one runtime on one database: every node has the admin token of the test's set (its workers');
            // the quick JVM options of every other runtime the tests start (C2 and parallel GC threads cost
            // the 2-core machine more than they give back within a test's minute)
            this.set = new ProcessSet(logs.resolve(id)).withJvmOptions(QUICK_JVM).withAdminToken(processes.adminToken());
            this.data = dir.resolve(id);
        }

        final List<String> extraArgs = new ArrayList<>();

        Node start() {
            List<String> args = new ArrayList<>(List.of("--database-url", database.url(), "--node-id", id,
                    "--node-lease-ms", Long.toString(LEASE_MS)));
            args.addAll(extraArgs);
            process = set.runtime(data, args.toArray(String[]::new));
            return this;
        }

        MainstayClient client() {
            return set.client();
        }
    }

    @BeforeEach
    void createDatabase(TestInfo test) throws SQLException {
        database = TestDatabase.create();
        logs = Path.of("target", "e2e-logs", getClass().getSimpleName(), test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void stopNodes() throws SQLException {
        nodes.forEach(node -> node.set.close());
        processes.close();
        database.drop();
    }

    private Node node(String id, String... extraArgs) {
        Node created = new Node(id);
        created.extraArgs.addAll(List.of(extraArgs));
        Node node = created.start();
        nodes.add(node);
        DumpLogsOnFailure.track(node.set);
        return node;
    }

    private String grpcTargets() {
        return nodes.stream().map(node -> node.set.grpcTarget()).collect(Collectors.joining(","));
    }

    private String urls() {
        return nodes.stream().map(node -> node.set.url()).collect(Collectors.joining(","));
    }

    @Test
    void aRunStartedThroughOneNode_runsOnAnotherNodesWorker_andEveryNodeAnswersForIt() throws Exception {
        Node a = node("node-a");
        Node b = node("node-b");
        processes.workerOf(b.set.grpcTarget(), LimitsWorker.class.getName(), List.of());
        processes.workerOf(b.set.grpcTarget(), CountingWorker.class.getName(), List.of(), "--block-at", "2");
        MainstayClient viaA = a.client();
        MainstayClient viaB = b.client();
        await("both of node b's workers listed through node a").atMost(TIMEOUT)
                .until(() -> viaA.workers().stream().filter(w -> "node-b".equals(w.node())).count() == 2);

        RunInfo steps = await("registered").atMost(TIMEOUT).ignoreException(MainstayApiException.class)
                .until(() -> viaA.start("many-steps", 5), run -> run != null);
        assertThat(viaA.await(steps.id(), TIMEOUT).output(Integer.class)).as("awaited through the node that started it")
                .isEqualTo(15);

        RunInfo waiting = viaA.start("waits", null);
        await().atMost(TIMEOUT).until(() -> viaB.run(waiting.id()).status() == RunStatus.SUSPENDED);
        viaA.sendEvent(waiting.id(), "go", "through a", "e-1");
        assertThat(viaB.await(waiting.id(), TIMEOUT).output(String.class)).isEqualTo("through a");

        StartOptions keyed = StartOptions.defaults().withIdempotencyKey("order-7");
        RunInfo first = viaA.start("many-steps", 3, keyed);
        RunInfo again = viaB.start("many-steps", 3, keyed);
        assertThat(again.id()).as("one key, one run, whichever node is asked").isEqualTo(first.id());

        Path effects = dir.resolve("effects");
        Files.createDirectories(effects);
        RunInfo blocked = viaA.start("steps", new CountingWorker.Plan(effects.toString(), 4));
        await("step 2 running on node b's worker").atMost(TIMEOUT).until(() -> Files.exists(effects.resolve("started-2")));
        viaA.cancel(blocked.id());
        await("the worker on node b was told").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> processes.logs().stream().anyMatch(log -> contains(log, "event=cancel_received runId=" + blocked.id())));
        Files.writeString(effects.resolve("release"), "");
        assertThat(viaA.await(blocked.id(), TIMEOUT).status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(CountingWorker.effects(effects)).as("the worker on the other node was told: step 3 never ran")
                .containsExactly(blocked.id() + " step 1", blocked.id() + " step 2");
    }

    @Test
    void aTokenRevokedThroughOneNode_isRefusedByTheOthersWithinTheRecheck_openStreamsToo() throws Exception {
        Node a = node("node-a");
        Node b = node("node-b");
        Http adminA = new Http(a.set);
        com.fasterxml.jackson.databind.JsonNode client = adminA.post("/v1/tokens", "{\"role\":\"client\"}").json();
        com.fasterxml.jackson.databind.JsonNode worker = adminA.post("/v1/tokens", "{\"role\":\"worker\"}").json();
        Http clientViaB = new Http(b.set).as(client.path("token").asText());
        assertThat(clientViaB.get("/v1/runs").status()).as("node b now trusts it from memory").isEqualTo(200);
        try (RogueWorker onB = new RogueWorker(b.set.grpcTarget(), worker.path("token").asText())) {
            onB.register("w-b", 1, RogueWorker.workflow("anything"));

            long revokedAt = System.nanoTime();
            assertThat(adminA.delete("/v1/tokens/" + client.path("id").asText()).status()).isEqualTo(200);
            assertThat(adminA.delete("/v1/tokens/" + worker.path("id").asText()).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> clientViaB.get("/v1/runs").status() == 401);
            Duration took = Duration.ofNanos(System.nanoTime() - revokedAt);
            System.out.println("a revocation through node a reached node b in " + took.toMillis() + " ms");
            // the bound is the re-check period (1 s) plus one store read; CI machines are slow, hence the margin
            assertThat(took).isLessThan(Duration.ofMillis(2_500));
            io.grpc.Status ended = onB.awaitEnd(Duration.ofSeconds(5));
            assertThat(ended.getCode()).isEqualTo(io.grpc.Status.Code.UNAUTHENTICATED);
        }
    }

    @Test
    void withoutNotify_nodesThatPollGiveTheSameAnswers_onlySlower() throws Exception {
        Node a = node("node-a", "--node-signals", "poll");
        Node b = node("node-b", "--node-signals", "poll");
        processes.workerOf(b.set.grpcTarget(), CountingWorker.class.getName(), List.of(), "--block-at", "2");
        await("registered").atMost(TIMEOUT).until(() -> workers() == 1);
        MainstayClient viaA = a.client();
        Path effects = dir.resolve("effects");
        Files.createDirectories(effects);

        RunInfo done = viaA.start("steps", new CountingWorker.Plan(effects.toString(), 1));
        assertThat(viaA.await(done.id(), TIMEOUT).status()).as("dispatched to node b, awaited through node a")
                .isEqualTo(RunStatus.COMPLETED);
        RunInfo blocked = viaA.start("steps", new CountingWorker.Plan(effects.toString(), 4));
        await("step 2 running on node b's worker").atMost(TIMEOUT).until(() -> Files.exists(effects.resolve("started-2")));
        viaA.cancel(blocked.id());
        // no hint travels: node b finds the request in the store at its next poll and tells its worker
        await("the worker was told").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> processes.logs().stream().anyMatch(log -> contains(log, "event=cancel_received runId=" + blocked.id())));
        Files.writeString(effects.resolve("release"), "");
        assertThat(viaA.await(blocked.id(), TIMEOUT).status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(CountingWorker.effects(effects)).as("step 3 never ran").doesNotContain(blocked.id() + " step 3");
    }

    @Test
    void childrenConcurrencyLimitsAndEventStreams_holdAcrossNodes() throws Exception {
        Node a = node("node-a");
        Node b = node("node-b");
        // one worker per node: whichever node a run or its child is claimed through, the other node answers for it
        processes.workerOf(a.set.grpcTarget(), FamilyWorker.class.getName(), List.of());
        processes.workerOf(b.set.grpcTarget(), FamilyWorker.class.getName(), List.of());
        await("both workers registered").atMost(TIMEOUT).until(() -> workers() == 2);
        MainstayClient viaA = a.client();
        MainstayClient viaB = b.client();

        RunInfo parent = viaA.start("parent", 21);
        Sse.Stream events = Sse.follow(b.set, parent.id());
        await("the required child waits").atMost(TIMEOUT).until(() -> children(viaB, parent.id()).size() == 2);
        for (RunInfo child : children(viaB, parent.id())) {
            viaB.sendEvent(child.id(), "go", "yes", null);
        }
        assertThat(viaB.await(parent.id(), TIMEOUT).output(String.class)).isEqualTo("42:required got yes");
        assertThat(events.untilEnd(TIMEOUT)).as("watched through the other node").extracting(Sse.Event::name)
                .contains("step", "end");

        // one place per customer, whichever node each start and claim goes through
        RunInfo first = viaA.start("serial", new FamilyWorker.Job("c-1", "first"));
        await().atMost(TIMEOUT).until(() -> viaA.run(first.id()).status() == RunStatus.SUSPENDED);
        RunInfo second = viaB.start("serial", new FamilyWorker.Job("c-1", "second"));
        await("held back by the limit").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> viaA.run(second.id()).status() == RunStatus.PENDING);
        viaB.sendEvent(first.id(), "done", "ok", null);
        assertThat(viaA.await(first.id(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
        await("admitted once the first ended").atMost(TIMEOUT).until(() -> viaB.run(second.id()).status() == RunStatus.SUSPENDED);
        viaA.sendEvent(second.id(), "done", "ok", null);
        assertThat(viaB.await(second.id(), TIMEOUT).output(String.class)).isEqualTo("second ok");
    }

    @Test
    void rateLimit_holdsAcrossNodes_atMostTwoBeginInAnyWindow_whicheverNodeClaims() throws Exception {
        Node a = node("node-a");
        Node b = node("node-b");
        processes.workerOf(a.set.grpcTarget(), PacedWorker.class.getName(), List.of());
        processes.workerOf(b.set.grpcTarget(), PacedWorker.class.getName(), List.of());
        await("both workers registered").atMost(TIMEOUT).until(() -> workers() == 2);
        List<RunInfo> runs = new ArrayList<>();
        for (int i = 0; i < 6; i++) { // half through each node: each node's dispatcher claims some
            runs.add((i % 2 == 0 ? a : b).client().start("paced", new PacedWorker.Job("c-1", i)));
        }
        List<Long> begins = new ArrayList<>();
        for (RunInfo run : runs) {
            RunInfo done = a.client().await(run.id(), TIMEOUT);
            assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
            begins.add(done.output().asLong());
        }
        begins.sort(null);
        for (int i = 0; i + 2 < begins.size(); i++) {
            // 3 s window, 500 ms for a claim to reach its worker's first step
            assertThat(begins.get(i + 2) - begins.get(i)).as("runs %d and %d began in one window", i, i + 2)
                    .isGreaterThanOrEqualTo(2_500);
        }
        assertThat(begins.get(5) - begins.get(0)).as("each pair soon after the window freed its places")
                .isLessThan(2 * 3_000 + 4_000);
    }

    @Test
    void liveOutput_reachesAWatcherOnAnotherNodeThanTheWorkers() throws Exception {
        Node a = node("node-a");
        Node b = node("node-b");
        processes.workerOf(b.set.grpcTarget(), ObservedWorker.class.getName(), List.of());
        await("registered").atMost(TIMEOUT).until(() -> workers() == 1);
        Path release = dir.resolve("release");
        RunInfo typing = a.client().start("typing", release.toString());

        // watched through node a; the step's worker is on node b
        List<Sse.Event> events = Sse.followUntilEnd(a.set, typing.id(), e -> e.name().equals("step-output"),
                () -> Files.writeString(release, "go"));
        assertThat(events).filteredOn(e -> e.name().equals("step-output")).isNotEmpty()
                .first().satisfies(e -> assertThat(e.json().path("text").asText()).startsWith("line 1"));
        assertThat(events).extracting(Sse.Event::name).contains("step-started", "step", "end");
    }

    private static boolean contains(Path log, String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private MainstayClient clientOf(String urls) {
        return MainstayClient.builder().url(urls).token(processes.adminToken()).build();
    }

    private static List<RunInfo> children(MainstayClient client, String parentId) {
        return client.runs(dev.mainstay.sdk.RunQuery.defaults().withWorkflow("waiter").withLimit(100)).runs().stream()
                .filter(run -> parentId.equals(run.parentId())).toList();
    }

    @Test
    void anIntervalSchedule_firesEachSlotOnce_acrossTheLeadersKillNine() throws Exception {
        node("node-a");
        node("node-b");
        processes.workerOf(grpcTargets(), ClockWorker.class.getName(), List.of());
        MainstayClient any = clientOf(urls());
        await("registered").atMost(TIMEOUT).ignoreExceptions().until(() -> any.createSchedule(
                dev.mainstay.sdk.ScheduleRequest.every("tick", Duration.ofSeconds(1)).withId("ticker").withInput("t")) != null);
        await("two ticks").atMost(TIMEOUT).until(() -> ticks(any).size() >= 2);

        String leader = leader();
        Node dead = nodes.stream().filter(node -> node.id.equals(leader)).findFirst().orElseThrow();
        ProcessSet.kill(dead.process);
        MainstayClient survivor = nodes.stream().filter(node -> node != dead).findFirst().orElseThrow().client();
        int before = ticks(survivor).size();
        await("ticking again under the new leader").atMost(TIMEOUT).until(() -> ticks(survivor).size() >= before + 3);
        survivor.deleteSchedule("ticker");
        await("the last ones finished").atMost(TIMEOUT)
                .until(() -> ticks(survivor).stream().allMatch(run -> run.status() == RunStatus.COMPLETED));

        List<Long> slots = ticks(survivor).stream().map(SchedulesIT::slot).sorted().toList();
        assertThat(slots).as("each slot fired once across the nodes").doesNotHaveDuplicates();
        for (int i = 1; i < slots.size(); i++) {
            assertThat(slots.get(i) - slots.get(i - 1)).as("no slot skipped").isEqualTo(1_000L);
        }
        assertThat(leader()).as("the role moved to the survivor").isNotEqualTo(leader).isNotNull();
    }

    private static List<RunInfo> ticks(MainstayClient client) {
        return client.runs(dev.mainstay.sdk.RunQuery.defaults().withWorkflow("tick").withLimit(1000)).runs();
    }

    /** The node holding the leader's role, as the database says. */
    private String leader() throws SQLException {
        try (Connection db = database.connect();
             PreparedStatement ps = db.prepareStatement("SELECT node_id FROM node_roles WHERE role = 'leader'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void killNineOfANodeUnderLoad_losesNoRun_andRunsNoCompletedStepAgain() throws Exception {
        node("node-1");
        node("node-2");
        node("node-3");
        Path effects = dir.resolve("effects");
        Files.createDirectories(effects);
        processes.workerOf(grpcTargets(), CountingWorker.class.getName(), List.of(), "--block-at", "3");
        processes.workerOf(grpcTargets(), CountingWorker.class.getName(), List.of(), "--block-at", "3");
        MainstayClient any = clientOf(urls());
        await("both workers registered").atMost(TIMEOUT).until(() -> workers() == 2);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            MainstayClient through = nodes.get(i % nodes.size()).client();
            ids.add(await().atMost(TIMEOUT).ignoreException(MainstayApiException.class)
                    .until(() -> through.start("steps", new CountingWorker.Plan(effects.toString(), 6)), run -> run != null).id());
        }
        await("all 64 runs in their third step").atMost(TIMEOUT)
                .until(() -> CountingWorker.effects(effects).stream().filter(line -> line.endsWith(" step 3")).count() == 64);

        Map<String, Integer> held = heldByNode();
        String victim = held.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        Node dead = nodes.stream().filter(node -> node.id.equals(victim)).findFirst().orElseThrow();
        long killedAt = System.nanoTime();
        ProcessSet.kill(dead.process);
        // within the lease of its death, and the time a commit and this poll take
        await("the dead node's runs move on").atMost(Duration.ofMillis(LEASE_MS + 500)).pollInterval(Duration.ofMillis(100))
                .until(() -> heldByNode().getOrDefault(victim, 0) == 0);
        long movedMs = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.printf("node %s held %d of 64 runs; they moved %d ms after its kill -9 (lease %d ms)%n", victim,
                held.get(victim), movedMs, LEASE_MS);
        Files.writeString(effects.resolve("release"), "");

        MainstayClient survivors = clientOf(nodes.stream().filter(node -> node != dead)
                .map(node -> node.set.url()).collect(Collectors.joining(",")));
        for (String id : ids) {
            assertThat(survivors.await(id, TIMEOUT).status()).as("run %s", id).isEqualTo(RunStatus.COMPLETED);
        }
        Map<String, Long> executions = CountingWorker.effects(effects).stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        for (String id : ids) {
            for (int step : List.of(1, 2, 4, 5, 6)) {
                assertThat(executions.get(id + " step " + step)).as("%s step %d ran once", id, step).isEqualTo(1L);
            }
            // step 3 was in flight at the kill: it may run again, since its result was never committed
            assertThat(executions.get(id + " step 3")).as("%s step 3", id).isBetween(1L, 2L);
        }
    }

    @Test
    void aRollingRestartOfEveryNode_underLoad_failsNoRun() throws Exception {
        node("node-1");
        node("node-2");
        node("node-3");
        Path effects = dir.resolve("effects");
        Files.createDirectories(effects);
        processes.workerOf(grpcTargets(), CountingWorker.class.getName(), List.of());
        processes.workerOf(grpcTargets(), CountingWorker.class.getName(), List.of());
        MainstayClient any = clientOf(urls());
        await("both workers registered").atMost(TIMEOUT).until(() -> workers() == 2);

        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Throwable> refusals = java.util.Collections.synchronizedList(new ArrayList<>());
        var starting = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread load = Thread.ofPlatform().start(() -> {
            for (int i = 0; starting.get(); i++) {
                StartOptions keyed = StartOptions.defaults().withIdempotencyKey("rolling-" + i);
                while (true) {
                    try {
                        ids.add(any.start("steps", new CountingWorker.Plan(effects.toString(), 5), keyed).id());
                        break;
                    } catch (RuntimeException e) {
                        refusals.add(e); // retried with the same key: at most one run per key
                    }
                }
            }
        });
        for (Node node : nodes) {
            int before = ids.size();
            await("runs started before this node restarts").atMost(TIMEOUT).until(() -> ids.size() >= before + 10);
            ProcessSet.stop(node.process);
            node.start();
        }
        int before = ids.size();
        await("runs started after the last restart").atMost(TIMEOUT).until(() -> ids.size() >= before + 10);
        starting.set(false);
        load.join();

        for (String id : List.copyOf(ids)) {
            assertThat(any.await(id, TIMEOUT).status()).as("run %s", id).isEqualTo(RunStatus.COMPLETED);
        }
        assertThat(refusals).as("what clients saw while nodes restarted").allSatisfy(e -> assertThat(retryable(e))
                .as(e.toString()).isTrue());
        System.out.printf("rolling restart: %d runs, all completed; %d retryable refusals seen%n", ids.size(), refusals.size());
    }

    /** Workers connected to any node, as the first live node lists them (every node lists all). */
    private int workers() {
        return nodes.stream().filter(node -> node.process.isAlive()).findFirst().orElseThrow().client().workers().size();
    }

    private static boolean retryable(Throwable e) {
        if (e instanceof MainstayApiException api) {
            return api.code() == ErrorCode.UNAVAILABLE;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException) {
                return true; // the connection was refused or cut: nothing was started, or the key finds it
            }
        }
        return false;
    }

    /** RUNNING runs by the node whose worker holds them, as the database says. */
    private Map<String, Integer> heldByNode() throws SQLException {
        try (Connection db = database.connect();
             PreparedStatement ps = db.prepareStatement(
                     "SELECT node_id, COUNT(*) FROM runs WHERE status = 'RUNNING' GROUP BY node_id");
             ResultSet rs = ps.executeQuery()) {
            Map<String, Integer> held = new java.util.HashMap<>();
            while (rs.next()) {
                held.put(String.valueOf(rs.getString(1)), rs.getInt(2));
            }
            return held;
        }
    }
}
