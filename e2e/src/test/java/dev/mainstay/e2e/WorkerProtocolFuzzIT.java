package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.mainstay.e2e.CountingWorker.Plan;
import dev.mainstay.protocol.v1.Append;
import dev.mainstay.protocol.v1.AttemptBegan;
import dev.mainstay.protocol.v1.AttemptFailed;
import dev.mainstay.protocol.v1.AwaitEvent;
import dev.mainstay.protocol.v1.Complete;
import dev.mainstay.protocol.v1.Component;
import dev.mainstay.protocol.v1.ComponentKind;
import dev.mainstay.protocol.v1.Dispatch;
import dev.mainstay.protocol.v1.Drain;
import dev.mainstay.protocol.v1.EntryStatus;
import dev.mainstay.protocol.v1.Failure;
import dev.mainstay.protocol.v1.Heartbeat;
import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.protocol.v1.Progress;
import dev.mainstay.protocol.v1.Register;
import dev.mainstay.protocol.v1.Release;
import dev.mainstay.protocol.v1.StartChild;
import dev.mainstay.protocol.v1.StepHeartbeat;
import dev.mainstay.protocol.v1.StepStarted;
import dev.mainstay.protocol.v1.WorkerMessage;
import dev.mainstay.sdk.MainstayApiException;
import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StepInfo;
import dev.mainstay.testing.ProcessSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A rogue worker, written against the raw stubs, sends random, out-of-order, stale, oversized and
 * malformed messages while a well-behaved SDK worker runs normal runs on the same runtime. After
 * every script: the runtime answers, the normal run completed exactly as it would alone, and every
 * run the rogue touched has a journal, input and output that are JSON. One runtime for all tries;
 * under 30 s in all.
 */
class WorkerProtocolFuzzIT {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final int STEPS = 8;
    static final ObjectMapper LENIENT = new ObjectMapper();

    static {
        LENIENT.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNumberLength(Integer.MAX_VALUE)
                .maxStringLength(Integer.MAX_VALUE).maxNestingDepth(10_000).build());
    }

    /** Payloads a rogue sends: valid ones, malformed ones, and one over the 1 MiB limit. */
    static final List<ByteString> PAYLOADS = List.of(
            utf8("null"), utf8("1"), utf8("\"text\""), utf8("{\"a\":[1,2,{\"b\":null}]}"), utf8("9".repeat(1_200)),
            utf8("[]"), utf8(" {\"padded\": true} "),
            ByteString.EMPTY, utf8("{"), utf8("nul"), utf8("{\"a\":1} x"), utf8("\u0000"), utf8("'single'"),
            ByteString.copyFrom(new byte[] {(byte) 0xFF, (byte) 0xFE, 0x41}), utf8("[".repeat(1_500) + "]".repeat(1_500)),
            utf8("NaN"), utf8("{\"k\":}"), utf8("\"" + "x".repeat(1_100_000) + "\""), utf8("<html>oops</html>"));

    enum Target { NORMAL_RUN, OWN_RUN, UNKNOWN_RUN }

    record Action(int kind, Target target, int epochDelta, int position, int payload) {}

    static ProcessSet processes;
    static MainstayClient client;
    static Path dir;
    static Http http;

    @BeforeContainer
    static void start() throws IOException {
        dir = Files.createTempDirectory("fuzz");
        processes = new ProcessSet(Path.of("target", "e2e-logs", "WorkerProtocolFuzzIT"));
        processes.runtime(dir.resolve("data"), "--heartbeat-interval-ms", "500", "--worker-lease-ms", "5000");
        processes.worker(CountingWorker.class.getName());
        client = processes.client();
        http = new Http(processes);
    }

    @AfterContainer
    static void stop() {
        if (processes != null) {
            processes.close();
        }
    }

    @Provide
    Arbitrary<List<Action>> scripts() {
        Arbitrary<Action> action = Combinators.combine(Arbitraries.integers().between(0, 14),
                Arbitraries.of(Target.class), Arbitraries.integers().between(-1, 1),
                Arbitraries.integers().between(-1, STEPS + 2), Arbitraries.integers().between(0, PAYLOADS.size() - 1))
                .as(Action::new);
        return action.list().ofMinSize(1).ofMaxSize(30);
    }

    /**
     * {@code opening} 0: the rogue sends no Register (its first message ends the stream); 1: it
     * registers a definition that conflicts with the SDK worker's (refused); otherwise it registers
     * and is dispatched a run of its own to abuse.
     */
    @Property(tries = 40, shrinking = ShrinkingMode.OFF)
    void rogueWorker_leavesTheRuntimeUpOtherRunsCorrectAndTheJournalJson(
            @ForAll("scripts") List<Action> script, @ForAll @IntRange(min = 0, max = 7) int opening) throws Exception {
        boolean registerFirst = opening > 0;
        boolean conflicting = opening == 1;
        try {
            runScript(script, registerFirst, conflicting);
        } catch (Exception | AssertionError e) {
            System.out.println("----- script " + script + " registerFirst=" + registerFirst + " conflicting=" + conflicting);
            System.out.println(processes.dumpLogs());
            throw e;
        }
    }

    private void runScript(List<Action> script, boolean registerFirst, boolean conflicting) throws Exception {
        RunInfo normal = startWhenRegistered("steps", new Plan(dir.toString(), STEPS));
        List<String> touched = new ArrayList<>(List.of(normal.id()));
        try (RogueWorker rogue = new RogueWorker(processes)) {
            Dispatch own = null;
            if (registerFirst) {
                Register.Builder register = Register.newBuilder().setWorkerId("rogue").setCapacity(2)
                        .addComponents(RogueWorker.workflow("rogue-wf"));
                if (conflicting) { // the SDK worker serves "steps" as a workflow: refused, the stream ends
                    register.addComponents(Component.newBuilder().setName("steps").setKind(ComponentKind.FUNCTION));
                }
                rogue.send(WorkerMessage.newBuilder().setRegister(register).build());
                if (!conflicting) {
                    rogue.next(m -> m.hasRegistered(), TIMEOUT);
                    touched.add(client.start("rogue-wf", "in").id());
                    own = rogue.nextDispatch(TIMEOUT);
                    touched.add(own.getRunId());
                }
            }
            long normalEpoch = client.run(normal.id()).epoch();
            for (Action action : script) {
                String runId = switch (action.target()) {
                    case NORMAL_RUN -> normal.id();
                    case OWN_RUN -> own == null ? normal.id() : own.getRunId();
                    case UNKNOWN_RUN -> UUID.randomUUID().toString();
                };
                long epoch = Math.max(0, (action.target() == Target.OWN_RUN && own != null ? own.getEpoch() : normalEpoch)
                        + action.epochDelta());
                send(rogue, message(action, runId, epoch));
            }
        }

        RunInfo done = client.await(normal.id(), TIMEOUT);
        assertThat(done.status()).as("the normal run; error %s", done.error()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().toString()).isEqualTo("[10,20,30,40,50,60,70,80]");
        assertThat(done.epoch()).as("never taken from its worker").isEqualTo(1);
        assertThat(client.journal(normal.id())).extracting(StepInfo::name)
                .containsExactly("step-1", "step-2", "step-3", "step-4", "step-5", "step-6", "step-7", "step-8");
        assertThat(client.attempts(normal.id())).isEmpty();
        assertThat(processes.isReady()).as("the runtime answers /readyz").isTrue();
        for (String id : touched) {
            assertJson(http.get("/v1/runs/" + id));
            assertJson(http.get("/v1/runs/" + id + "/journal"));
        }
        assertJson(http.get("/v1/runs?limit=100"));
    }

    private static void assertJson(Http.Response response) {
        assertThat(response.status()).as("status of %s", response.body()).isEqualTo(200);
        try {
            JsonNode node = LENIENT.readTree(response.body());
            assertThat(node).isNotNull();
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + e.getMessage() + "): "
                    + response.body().substring(0, Math.min(500, response.body().length())), e);
        }
    }

    private static void send(RogueWorker rogue, WorkerMessage message) {
        try {
            rogue.send(message);
        } catch (RuntimeException streamEnded) {
            // the runtime may end the stream (a message before Register, an oversized one): that is allowed
        }
    }

    private static WorkerMessage message(Action a, String runId, long epoch) {
        ByteString payload = PAYLOADS.get(a.payload());
        long now = System.currentTimeMillis();
        int position = a.position();
        Failure failure = Failure.newBuilder().setCode(a.payload() % 3 == 0 ? "" : "STEP_FAILED")
                .setMessage("rogue " + a).build();
        WorkerMessage.Builder m = WorkerMessage.newBuilder();
        return switch (a.kind()) {
            case 0 -> m.setAppend(Append.newBuilder().setRunId(runId).setEpoch(epoch).setEntry(entry(position, payload, now))).build();
            case 1 -> m.setAppend(Append.newBuilder().setRunId(runId).setEpoch(epoch).setEntry(entry(position, payload, now))
                    .setSuspendUntilMs(now + 60_000)).build();
            case 2 -> m.setComplete(Complete.newBuilder().setRunId(runId).setEpoch(epoch).setOutput(payload)).build();
            case 3 -> m.setComplete(Complete.newBuilder().setRunId(runId).setEpoch(epoch).setFailure(failure)).build();
            case 4 -> m.setAttemptFailed(AttemptFailed.newBuilder().setRunId(runId).setEpoch(epoch).setPosition(position)
                    .setKind("step").setName("x").setAttempt(Math.max(1, a.epochDelta() + 1)).setFailure(failure)
                    .setRetryAtMs(a.epochDelta() < 0 ? 0 : now + 60_000).setSuspend(a.epochDelta() != 0)).build();
            case 5 -> m.setStepStarted(StepStarted.newBuilder().setRunId(runId).setEpoch(epoch).setPosition(position)
                    .setKind("step").setName("step-" + position).setAttempt(1).setTimeoutMs(1).setStartedAtMs(now)).build();
            case 6 -> m.setStepHeartbeat(StepHeartbeat.newBuilder().setRunId(runId).setEpoch(epoch).setPosition(position)).build();
            case 7 -> m.setRelease(Release.newBuilder().setRunId(runId).setEpoch(epoch)).build();
            case 8 -> m.setAwaitEvent(AwaitEvent.newBuilder().setRunId(runId).setEpoch(epoch).setPosition(position)
                    .setName(a.epochDelta() < 0 ? "" : "child:" + runId).setTimeoutMs(a.epochDelta() * 1_000L)).build();
            case 9 -> m.setStartChild(StartChild.newBuilder().setRunId(runId).setEpoch(epoch).setPosition(position)
                    .setComponent(a.epochDelta() < 0 ? "no-such" : "rogue-wf").setInput(payload)).build();
            case 10 -> m.setProgress(Progress.newBuilder().setRunId(runId).setEpoch(epoch).setPosition(position)
                    .setAttemptBegan(AttemptBegan.newBuilder().setKind("step").setName("forged").setAttempt(1))).build();
            case 11 -> m.setHeartbeat(Heartbeat.newBuilder().setInFlight(position)).build();
            case 12 -> m.setRegister(Register.newBuilder().setWorkerId("again").setCapacity(position * 1000)).build();
            case 13 -> a.epochDelta() > 0 ? m.setDrain(Drain.getDefaultInstance()).build() : m.build(); // empty message
            default -> m.setComplete(Complete.newBuilder().setRunId(runId).setEpoch(epoch)).build(); // no outcome
        };
    }

    private static JournalEntry entry(int position, ByteString payload, long now) {
        boolean failed = payload.size() == 1;
        JournalEntry.Builder entry = JournalEntry.newBuilder().setPosition(position).setKind(position < 0 ? "" : "step")
                .setName("rogue").setAttempt(1).setStartedAtMs(now).setFinishedAtMs(now)
                .setStatus(failed ? EntryStatus.FAILED : EntryStatus.SUCCEEDED).setOutput(payload);
        if (failed) {
            entry.setFailure(Failure.newBuilder().setCode("STEP_FAILED").setMessage("rogue"));
        }
        if (position % 2 == 0) {
            entry.setInput(payload);
        }
        return entry.build();
    }

    private static RunInfo startWhenRegistered(String workflow, Object input) {
        return await("'" + workflow + "' registered").atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .ignoreException(MainstayApiException.class)
                .until(() -> client.start(workflow, input), run -> run != null);
    }

    private static ByteString utf8(String s) {
        return ByteString.copyFromUtf8(s);
    }
}
