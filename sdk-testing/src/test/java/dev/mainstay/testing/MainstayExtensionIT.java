package dev.mainstay.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.sdk.InputRequest;
import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.NonDeterminismException;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extension used as users use it: a real runtime process, this class's workflows on a worker here. */
@MainstayTest(runtimeArgs = {"--retry-initial-interval-ms", "10"})
class MainstayExtensionIT {

    public static class Refunds {
        @Workflow(name = "refund")
        public String refund(WorkflowContext ctx, String order) {
            String amount = ctx.step("look-up", String.class, () -> "12 EUR for " + order);
            boolean approved = ctx.awaitInput("approve", InputRequest.approval("Refund " + amount + "?"), Duration.ofHours(1))
                    .orElse(false);
            if (!approved) {
                return "rejected";
            }
            String note = ctx.awaitEvent("note", String.class, Duration.ofHours(1)).orElse("");
            return ctx.step("refund", String.class, () -> "refunded " + amount + note);
        }
    }

    public static class Greetings {
        @Workflow(name = "greet")
        public String greet(WorkflowContext ctx, String name) {
            return ctx.step("greet", String.class, () -> "hello " + name);
        }
    }

    @MainstayWorkflows
    static final Refunds refunds = new Refunds();

    @MainstayWorkflows
    static final List<Object> more = List.of(new Greetings());

    private final MainstayClient client;

    MainstayExtensionIT(MainstayClient client) {
        this.client = client;
    }

    @Test
    void client_isInjectedIntoConstructorAndMethod_andRunsReachTheWorker(MainstayClient same) {
        RunInfo run = client.start("greet", "ada");

        assertThat(client.result(run.id(), String.class, TestRuntime.TIMEOUT)).isEqualTo("hello ada");
        assertThat(same.run(run.id()).status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void helpers_answerInputs_sendEvents_awaitRuns_andShowTheJournal(TestRuntime runtime) {
        RunInfo run = runtime.start("refund", "o-7");

        runtime.awaitWaitingFor(run.id(), "approve");
        runtime.answer(run.id(), "approve", true);
        runtime.awaitWaitingFor(run.id(), "note");
        runtime.sendEvent(run.id(), "note", " (late delivery)");

        assertThat(runtime.result(run.id(), String.class)).isEqualTo("refunded 12 EUR for o-7 (late delivery)");
        assertThat(runtime.stepNames(run.id())).containsExactly("look-up", "approve", "approve", "note", "refund");
        assertThat(runtime.journal(run.id())).extracting(s -> s.kind())
                .containsExactly("step", "input", "event", "event", "step");
    }

    @Test
    void export_writesARunTheReplayerReads(TestRuntime runtime, @TempDir Path dir) {
        RunInfo run = runtime.start("greet", "grace");
        runtime.awaitFinished(run.id());

        Path exported = runtime.export(run.id(), dir.resolve("greet.json"));

        Replayer.replay(new Greetings(), exported);
        Assertions.assertThatThrownBy(() -> Replayer.replay(new RenamedGreeting(), exported))
                .isInstanceOf(NonDeterminismException.class);
    }

    public static class RenamedGreeting {
        @Workflow(name = "greet")
        public String greet(WorkflowContext ctx, String name) {
            return ctx.step("say-hello", String.class, () -> "hello " + name);
        }
    }
}
