package dev.mainstay.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mainstay.sdk.ErrorInfo;
import dev.mainstay.sdk.NonDeterminismException;
import dev.mainstay.sdk.RunExport;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StepFailedException;
import dev.mainstay.sdk.StepInfo;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recorded journals in, the replay's verdict out: the worker's own checks, without a runtime. */
class ReplayerTest {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** Step bodies that ran: a replay never runs one. */
    static final AtomicInteger ran = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        ran.set(0);
    }

    static String ran(String value) {
        ran.incrementAndGet();
        return value;
    }

    public static class Checkout {
        @Workflow(name = "checkout")
        public String checkout(WorkflowContext ctx, String order) {
            String reservation = ctx.step("reserve", String.class, () -> ran("r-" + order));
            String charge = ctx.step("charge", String.class, () -> ran("c-" + order));
            ctx.step("receipt", String.class, () -> ran("sent"));
            return reservation + "/" + charge;
        }
    }

    public static class RenamedStep {
        @Workflow(name = "checkout")
        public String checkout(WorkflowContext ctx, String order) {
            String reservation = ctx.step("reserve", String.class, () -> ran("r-" + order));
            String charge = ctx.step("charge-card", String.class, () -> ran("c-" + order));
            ctx.step("receipt", String.class, () -> ran("sent"));
            return reservation + "/" + charge;
        }
    }

    public static class ReorderedSteps {
        @Workflow(name = "checkout")
        public String checkout(WorkflowContext ctx, String order) {
            String charge = ctx.step("charge", String.class, () -> ran("c-" + order));
            String reservation = ctx.step("reserve", String.class, () -> ran("r-" + order));
            ctx.step("receipt", String.class, () -> ran("sent"));
            return reservation + "/" + charge;
        }
    }

    public static class RemovedStep {
        @Workflow(name = "checkout")
        public String checkout(WorkflowContext ctx, String order) {
            String reservation = ctx.step("reserve", String.class, () -> ran("r-" + order));
            ctx.step("receipt", String.class, () -> ran("sent"));
            return reservation;
        }
    }

    public static class RemovedLastStep {
        @Workflow(name = "checkout")
        public String checkout(WorkflowContext ctx, String order) {
            String reservation = ctx.step("reserve", String.class, () -> ran("r-" + order));
            String charge = ctx.step("charge", String.class, () -> ran("c-" + order));
            return reservation + "/" + charge;
        }
    }

    public static class AddedStepAtTheEnd {
        @Workflow(name = "checkout")
        public String checkout(WorkflowContext ctx, String order) {
            new Checkout().checkout(ctx, order);
            ctx.step("notify", String.class, () -> ran("notified"));
            return "done";
        }
    }

    /** Checkout with the charge step changed, the change guarded by a patch. */
    public static class PatchedCharge {
        @Workflow(name = "checkout")
        public String checkout(WorkflowContext ctx, String order) {
            String reservation = ctx.step("reserve", String.class, () -> ran("r-" + order));
            String charge = ctx.patched("charge-card")
                    ? ctx.step("charge-card", String.class, () -> ran("cc-" + order))
                    : ctx.step("charge", String.class, () -> ran("c-" + order));
            ctx.step("receipt", String.class, () -> ran("sent"));
            return reservation + "/" + charge;
        }
    }

    public static class ChangedResultType {
        @Workflow(name = "checkout")
        public String checkout(WorkflowContext ctx, String order) {
            Integer reservation = ctx.step("reserve", Integer.class, () -> 7);
            return "r" + reservation;
        }
    }

    public static class Approval {
        @Workflow(name = "approval")
        public boolean approval(WorkflowContext ctx) {
            ctx.sleep(Duration.ofDays(7));
            return ctx.awaitEvent("approved", Boolean.class, Duration.ofDays(1)).orElse(false);
        }
    }

    public static class ApprovalRenamedEvent {
        @Workflow(name = "approval")
        public boolean approval(WorkflowContext ctx) {
            ctx.sleep(Duration.ofDays(7));
            return ctx.awaitEvent("manager-approved", Boolean.class, Duration.ofDays(1)).orElse(false);
        }
    }

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static StepInfo step(int position, String name, Object output) {
        return entry(position, "step", name, output);
    }

    static StepInfo entry(int position, String kind, String name, Object output) {
        return new StepInfo(position, kind, name, "SUCCEEDED", null, JSON.valueToTree(output), null, 1,
                T0.plusSeconds(position), T0.plusSeconds(position), 0);
    }

    static RunInfo run(String workflow, RunStatus status, Object input, Object output, ErrorInfo error) {
        return new RunInfo("run-1", workflow, "WORKFLOW", status, JSON.valueToTree(input),
                output == null ? null : JSON.valueToTree(output), error, null, 1, null, T0, T0, null, null, null, null, null, "default", null, null, null, null, 0, null, null, false);
    }

    Path export(String file, RunInfo run, StepInfo... journal) throws IOException {
        return write(file, JSON.valueToTree(new RunExport(RunExport.FORMAT, run, List.of(journal), List.of())));
    }

    Path write(String file, JsonNode export) throws IOException {
        Path path = dir.resolve(file);
        Files.write(path, JSON.writeValueAsBytes(export));
        return path;
    }

    /** The run Checkout left: three steps, completed. */
    Path completedCheckout() throws IOException {
        return export("checkout.json", run("checkout", RunStatus.COMPLETED, "o1", "r-o1/c-o1", null),
                step(1, "reserve", "r-o1"), step(2, "charge", "c-o1"), step(3, "receipt", "sent"));
    }

    @Test
    void replay_matchingCode_passesWithoutRunningAStep() throws IOException {
        Replayer.replay(new Checkout(), completedCheckout());

        assertThat(ran).hasValue(0);
    }

    @Test
    void replay_patchedCode_replaysOldRunsOnTheOldBranch_andNewRunsOnTheirMarker() throws IOException {
        Replayer.replay(new PatchedCharge(), completedCheckout());

        Path patchedRun = export("patched.json", run("checkout", RunStatus.COMPLETED, "o1", "r-o1/cc-o1", null),
                step(1, "reserve", "r-o1"), entry(2, "patch", "charge-card", true), step(3, "charge-card", "cc-o1"),
                step(4, "receipt", "sent"));
        Replayer.replay(new PatchedCharge(), patchedRun);
        assertThatThrownBy(() -> Replayer.replay(new Checkout(), patchedRun))
                .as("the old code meets the new run's marker")
                .isInstanceOfSatisfying(NonDeterminismException.class, e -> {
                    assertThat(e.position()).isEqualTo(2);
                    assertThat(e.expected()).isEqualTo("patch 'charge-card'");
                    assertThat(e.actual()).isEqualTo("step 'charge'");
                });
        assertThat(ran).hasValue(0);
    }

    @Test
    void replay_patchedCode_onARunExportedBeforeThePatchPoint_stopsThereAndPasses() throws IOException {
        Path inProgress = export("early.json", run("checkout", RunStatus.RUNNING, "o1", null, null), step(1, "reserve", "r-o1"));

        Replayer.replay(new PatchedCharge(), inProgress);

        assertThat(ran).hasValue(0);
    }

    @Test
    void replay_renamedStep_isNonDeterminismAtItsPosition() throws IOException {
        Path recorded = completedCheckout();

        assertThatThrownBy(() -> Replayer.replay(new RenamedStep(), recorded))
                .isInstanceOfSatisfying(NonDeterminismException.class, e -> {
                    assertThat(e.runId()).isEqualTo("run-1");
                    assertThat(e.position()).isEqualTo(2);
                    assertThat(e.expected()).isEqualTo("step 'charge'");
                    assertThat(e.actual()).isEqualTo("step 'charge-card'");
                });
        assertThat(ran).hasValue(0);
    }

    @Test
    void replay_reorderedSteps_isNonDeterminismAtTheFirstMovedOne() throws IOException {
        Path recorded = completedCheckout();

        assertThatThrownBy(() -> Replayer.replay(new ReorderedSteps(), recorded))
                .isInstanceOfSatisfying(NonDeterminismException.class, e -> {
                    assertThat(e.position()).isEqualTo(1);
                    assertThat(e.expected()).isEqualTo("step 'reserve'");
                    assertThat(e.actual()).isEqualTo("step 'charge'");
                });
    }

    @Test
    void replay_removedStep_isNonDeterminismWhereItWas() throws IOException {
        Path recorded = completedCheckout();

        assertThatThrownBy(() -> Replayer.replay(new RemovedStep(), recorded))
                .isInstanceOfSatisfying(NonDeterminismException.class, e -> {
                    assertThat(e.position()).isEqualTo(2);
                    assertThat(e.expected()).isEqualTo("step 'charge'");
                    assertThat(e.actual()).isEqualTo("step 'receipt'");
                });
    }

    @Test
    void replay_removedLastStep_isNonDeterminismAtTheEndOfTheWorkflow() throws IOException {
        Path recorded = completedCheckout();

        assertThatThrownBy(() -> Replayer.replay(new RemovedLastStep(), recorded))
                .isInstanceOfSatisfying(NonDeterminismException.class, e -> {
                    assertThat(e.position()).isEqualTo(3);
                    assertThat(e.expected()).isEqualTo("step 'receipt'");
                    assertThat(e.actual()).isEqualTo("the end of the workflow");
                });
    }

    @Test
    void replay_stepAddedAtTheEnd_stopsAtTheEndOfTheJournalAndPasses() throws IOException {
        Replayer.replay(new AddedStepAtTheEnd(), completedCheckout());

        assertThat(ran).as("the new step did not run").hasValue(0);
    }

    @Test
    void replay_runExportedInProgress_passesWithoutRunningTheNextStep() throws IOException {
        Path recorded = export("running.json", run("checkout", RunStatus.RUNNING, "o1", null, null),
                step(1, "reserve", "r-o1"));

        Replayer.replay(new Checkout(), recorded);

        assertThat(ran).hasValue(0);
    }

    @Test
    void replay_runThatFailedWithTheSameException_passes() throws IOException {
        StepInfo failedCharge = new StepInfo(2, "step", "charge", "FAILED", null, null,
                new ErrorInfo("STEP_FAILED", "java.lang.IllegalStateException", "card declined", null), 3, T0, T0, 0);
        Path recorded = export("failed.json", run("checkout", RunStatus.FAILED, "o1", null,
                        new ErrorInfo("WORKFLOW_FAILED", StepFailedException.class.getName(), "step 'charge' failed", null)),
                step(1, "reserve", "r-o1"), failedCharge);

        Replayer.replay(new Checkout(), recorded);
    }

    @Test
    void replay_recordedResultNoLongerFitsItsType_failsTheReplay() throws IOException {
        Path recorded = completedCheckout();

        assertThatThrownBy(() -> Replayer.replay(new ChangedResultType(), recorded))
                .isInstanceOfSatisfying(ReplayFailedException.class, e -> {
                    assertThat(e.runId()).isEqualTo("run-1");
                    assertThat(e.recordedStatus()).isEqualTo(RunStatus.COMPLETED);
                })
                .hasMessageContaining("cannot read JSON as");
    }

    @Test
    void replay_recordedSleepAndEvent_replayWithoutWaiting_andARenamedEventIsCaught() throws IOException {
        long wakeAt = T0.plus(Duration.ofDays(7)).toEpochMilli();
        Path recorded = export("approval.json", run("approval", RunStatus.COMPLETED, null, true, null),
                entry(1, "sleep", "sleep", wakeAt),
                entry(2, "event", "approved", JSON.createObjectNode().put("received", true).put("payload", true)));

        Replayer.replay(new Approval(), recorded);
        assertThatThrownBy(() -> Replayer.replay(new ApprovalRenamedEvent(), recorded))
                .isInstanceOfSatisfying(NonDeterminismException.class, e -> {
                    assertThat(e.position()).isEqualTo(2);
                    assertThat(e.expected()).isEqualTo("event 'approved'");
                    assertThat(e.actual()).isEqualTo("event 'manager-approved'");
                });
    }

    @Test
    void replay_sleepingRunWhoseWakeTimeIsAhead_passes() throws IOException {
        long wakeAt = Instant.now().plus(Duration.ofDays(7)).toEpochMilli();
        Path recorded = export("sleeping.json", run("approval", RunStatus.SUSPENDED, null, null, null),
                entry(1, "sleep", "sleep", wakeAt));

        Replayer.replay(new Approval(), recorded);
    }

    @Test
    void replayAll_replaysEveryRun_thenThrowsTheFirstFailureWithTheOthersSuppressed() throws IOException {
        completedCheckout();
        export("other.json", run("checkout", RunStatus.RUNNING, "o2", null, null), step(1, "reserve", "r-o2"),
                step(2, "charge", "c-o2"));
        Files.writeString(dir.resolve("notes.txt"), "not a run");

        assertThat(Replayer.replayAll(new Checkout(), dir)).isEqualTo(2);
        assertThatThrownBy(() -> Replayer.replayAll(new RenamedStep(), dir))
                .isInstanceOf(NonDeterminismException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1).allMatch(NonDeterminismException.class::isInstance));
    }

    @Test
    void replay_exportOfAnotherFormat_isRefusedNamingIt() throws IOException {
        JsonNode export = JSON.valueToTree(new RunExport(RunExport.FORMAT, run("checkout", RunStatus.COMPLETED, "o1", null, null),
                List.of(), List.of()));
        Path future = write("future.json", ((com.fasterxml.jackson.databind.node.ObjectNode) export).put("format", 2));
        Path notAnExport = write("other.json", JSON.createObjectNode().put("id", "run-1"));

        assertThatThrownBy(() -> Replayer.replay(new Checkout(), future))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 2").hasMessageContaining("format 1");
        assertThatThrownBy(() -> Replayer.replay(new Checkout(), notAnExport))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an exported run");
    }

    @Test
    void replay_runOfAWorkflowNoObjectDeclares_isRefusedNamingIt() throws IOException {
        Path recorded = export("x.json", run("shipping", RunStatus.COMPLETED, "o1", null, null));

        assertThatThrownBy(() -> Replayer.replay(new Checkout(), recorded))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'shipping'");
    }

    public static class Quotes {
        @Workflow(name = "quotes")
        public int quotes(WorkflowContext ctx) {
            List<dev.mainstay.sdk.DurableFuture<Integer>> quotes = List.of(
                    ctx.stepAsync("quote-a", Integer.class, () -> ran("1").length()),
                    ctx.stepAsync("quote-b", Integer.class, () -> ran("22").length()));
            return ctx.all(quotes).stream().mapToInt(Integer::intValue).sum();
        }

        @dev.mainstay.sdk.Function(name = "double")
        public int twice(int n) {
            ran("");
            return 2 * n;
        }
    }

    @Test
    void replay_parallelSteps_oneLeftInFlight_passesWithoutRunningIt() throws IOException {
        Path recorded = export("parallel.json", run("quotes", RunStatus.RUNNING, null, null, null), step(2, "quote-b", 2));

        Replayer.replay(new Quotes(), recorded);

        assertThat(ran).hasValue(0);
    }

    @Test
    void replay_functionRun_replaysItsOneCall() throws IOException {
        StepInfo call = new StepInfo(1, "call", "double", "SUCCEEDED", JSON.valueToTree(21), JSON.valueToTree(42), null, 1,
                T0, T0, 0);
        RunInfo functionRun = new RunInfo("run-2", "double", "FUNCTION", RunStatus.COMPLETED, JSON.valueToTree(21),
                JSON.valueToTree(42), null, null, 1, null, T0, T0, null, null, null, null, null, "default", null, null, null, null, 0, null, null, false);
        Path recorded = export("function.json", functionRun, call);

        Replayer.replay(new Quotes(), recorded);

        assertThat(ran).hasValue(0);
    }

    static List<Object> both() {
        return new ArrayList<>(List.of(new Checkout(), new Approval()));
    }

    @Test
    void replay_acceptsSeveralObjects() throws IOException {
        Replayer.replay(both(), completedCheckout());
    }
}
