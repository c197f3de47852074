package dev.mainstay.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.sdk.CancelledException;
import dev.mainstay.sdk.Function;
import dev.mainstay.sdk.InputRequest;
import dev.mainstay.sdk.NonDeterminismException;
import dev.mainstay.sdk.RetryPolicy;
import dev.mainstay.sdk.StepInfo;
import dev.mainstay.sdk.WorkflowContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A workflow body unit-tested without a runtime: steps run here, waits are skipped, the runtime's answers scripted. */
class TestWorkflowContextTest {
    final AtomicInteger charges = new AtomicInteger();

    public static class Pricing {
        @Function(name = "price")
        public int price(String order) {
            return order.length();
        }
    }

    /** A week's sleep, a question, an event, a local call, a child run and two steps. */
    String subscription(WorkflowContext ctx, String order) {
        String reservation = ctx.step("reserve", String.class, () -> "r-" + order);
        ctx.sleep(Duration.ofDays(7));
        boolean approved = ctx.awaitInput("approve", InputRequest.approval("Renew " + order + "?"), Duration.ofDays(2))
                .orElse(false);
        String coupon = ctx.awaitEvent("coupon", String.class, Duration.ofHours(1)).orElse("none");
        int price = ctx.call("price", order, Integer.class);
        String invoice = ctx.startChild("invoice", order, String.class).result();
        String charge = ctx.step("charge", String.class, () -> "c" + charges.incrementAndGet());
        return String.join("/", reservation, "" + approved, coupon, "" + price, invoice, charge);
    }

    TestWorkflowContext scripted() {
        return new TestWorkflowContext().register(new Pricing()).event("approve", true).childResult("invoice", "inv-1");
    }

    @Test
    void body_runsInProcess_waitsTakeNoTime_andTheJournalIsTheRuntimes() {
        TestWorkflowContext ctx = scripted();

        String result = subscription(ctx, "o-12");
        ctx.finished();

        assertThat(result).isEqualTo("r-o-12/true/none/4/inv-1/c1");
        assertThat(ctx.journal()).extracting(StepInfo::kind)
                .containsExactly("step", "sleep", "input", "event", "event", "call", "child", "event", "step");
        assertThat(ctx.stepNames()).containsExactly("reserve", "sleep", "approve", "approve", "coupon", "price", "invoice",
                ctx.journal().get(7).name(), "charge");
        assertThat(ctx.journal().get(7).name()).startsWith("child:");
        assertThat(ctx.sleeps()).containsExactly(Duration.ofDays(7));
        assertThat(ctx.skipped()).as("the sleep and the coupon's timeout").isGreaterThanOrEqualTo(Duration.ofDays(7).plusHours(1)
                .minusSeconds(1));
    }

    @Test
    void replaying_aPartOfTheJournal_resumesWithoutRunningTheRecordedSteps() {
        TestWorkflowContext first = scripted();
        subscription(first, "o-12");
        List<StepInfo> crashedAfterTheChildStarted = first.journal().subList(0, 7);

        TestWorkflowContext resumed = scripted().replaying(crashedAfterTheChildStarted);
        String result = subscription(resumed, "o-12");
        resumed.finished();

        assertThat(result).endsWith("/c2");
        assertThat(charges).as("charged once per context: the recorded steps returned their results").hasValue(2);
        assertThat(resumed.journal()).hasSize(9);
    }

    @Test
    void replaying_aChangedBody_isNonDeterminismAtThePosition() {
        TestWorkflowContext first = scripted();
        subscription(first, "o-12");

        TestWorkflowContext changed = scripted().replaying(first.journal());
        assertThatThrownBy(() -> changed.step("reserve-stock", String.class, () -> "x"))
                .isInstanceOfSatisfying(NonDeterminismException.class, e -> {
                    assertThat(e.position()).isEqualTo(1);
                    assertThat(e.expected()).isEqualTo("step 'reserve'");
                    assertThat(e.actual()).isEqualTo("step 'reserve-stock'");
                });
    }

    @Test
    void finished_afterABodyThatAskedForLessThanTheJournal_isNonDeterminism() {
        TestWorkflowContext first = scripted();
        subscription(first, "o-12");

        TestWorkflowContext shorter = scripted().replaying(first.journal());
        shorter.step("reserve", String.class, () -> "x");

        assertThatThrownBy(shorter::finished).isInstanceOfSatisfying(NonDeterminismException.class,
                e -> assertThat(e.actual()).isEqualTo("the end of the workflow"));
    }

    @Test
    void failingStep_isRetriedByThePolicy_withoutWaitingItsBackoff() {
        TestWorkflowContext ctx = new TestWorkflowContext().retry(RetryPolicy.defaults().withInitialInterval(Duration.ofMinutes(1)));
        AtomicInteger attempts = new AtomicInteger();

        String value = ctx.step("flaky", String.class, () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("try again");
            }
            return "ok";
        });

        assertThat(value).isEqualTo("ok");
        assertThat(ctx.failedAttempts()).extracting(a -> a.attempt()).containsExactly(1, 2);
        assertThat(ctx.journal().getFirst().attempt()).isEqualTo(3);
        assertThat(ctx.skipped()).as("two backoffs from a minute, with jitter").isGreaterThan(Duration.ofMinutes(1));
    }

    @Test
    void cancel_throwsCancelledExceptionAtTheNextOperation() {
        TestWorkflowContext ctx = new TestWorkflowContext();
        ctx.step("one", String.class, () -> "1");

        ctx.cancel();

        assertThatThrownBy(() -> ctx.step("two", String.class, () -> "2")).isInstanceOf(CancelledException.class);
        assertThat(ctx.journal()).extracting(StepInfo::kind).containsExactly("step", "cancel");
    }

    @Test
    void finished_awaitsRequiredChildrenTheBodyDidNotAwait_asAWorkerDoes() {
        TestWorkflowContext ctx = new TestWorkflowContext().childResult("ship", "label-1");
        ctx.startChild("ship", "o-1", String.class);

        ctx.finished();

        assertThat(ctx.journal()).extracting(StepInfo::kind).containsExactly("child", "event");
        assertThat(ctx.journal().get(1).output().path("payload").path("output").asText()).isEqualTo("label-1");
    }

    @Test
    void childWithoutAResult_failsNamingWhatToAdd() {
        TestWorkflowContext ctx = new TestWorkflowContext();

        assertThatThrownBy(() -> ctx.startChild("ship", "o-1", String.class).result())
                .hasMessageContaining("childResult(\"ship\"");
    }

    @Test
    void progress_isKept_andConfiguringAfterTheFirstOperationIsRefused() {
        TestWorkflowContext ctx = new TestWorkflowContext();
        ctx.step("model", String.class, () -> {
            ctx.progress("Hel");
            ctx.progress("lo");
            return "Hello";
        });

        assertThat(ctx.progress()).containsExactly("Hel", "lo");
        assertThatThrownBy(() -> ctx.register(new Pricing())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before the body's first operation");
    }

    /** The old code of a renewal, and the new code with its change guarded by a patch. */
    static String renewal(WorkflowContext ctx, boolean newCode) {
        ctx.step("load", String.class, () -> "account");
        String checked = newCode && ctx.patched("credit-check")
                ? ctx.step("credit-check", String.class, () -> "credit ok")
                : ctx.step("risk-score", String.class, () -> "risk low");
        ctx.step("renew", String.class, () -> "renewed");
        return checked;
    }

    @Test
    void patched_isTrueOnAFreshRun_andFalseReplayingARunOfTheOldCode() {
        TestWorkflowContext fresh = new TestWorkflowContext();
        assertThat(renewal(fresh, true)).isEqualTo("credit ok");
        assertThat(fresh.journal()).extracting(StepInfo::kind).containsExactly("step", "patch", "step", "step");
        assertThat(fresh.stepNames()).containsExactly("load", "credit-check", "credit-check", "renew");

        TestWorkflowContext oldRun = new TestWorkflowContext();
        renewal(oldRun, false);
        TestWorkflowContext resumed = new TestWorkflowContext().replaying(oldRun.journal().subList(0, 2));
        assertThat(renewal(resumed, true)).as("the old branch, replayed").isEqualTo("risk low");
        resumed.finished();
        assertThat(resumed.stepNames()).containsExactly("load", "risk-score", "renew");

        TestWorkflowContext replayed = new TestWorkflowContext().replaying(fresh.journal());
        assertThat(renewal(replayed, true)).isEqualTo("credit ok");
        replayed.finished();
    }

    @Test
    void deprecatePatch_replaysRunsWithAndWithoutTheMarker() {
        TestWorkflowContext patchedRun = new TestWorkflowContext();
        renewal(patchedRun, true);
        for (List<StepInfo> journal : List.of(patchedRun.journal(), patchedRun.journal().subList(0, 1))) {
            TestWorkflowContext ctx = new TestWorkflowContext().replaying(journal);
            ctx.step("load", String.class, () -> "account");
            ctx.deprecatePatch("credit-check");
            ctx.step("credit-check", String.class, () -> "credit ok");
            ctx.step("renew", String.class, () -> "renewed");
            ctx.finished();
        }
    }
}
