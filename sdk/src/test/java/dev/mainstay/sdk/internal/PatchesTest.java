package dev.mainstay.sdk.internal;

import static dev.mainstay.sdk.internal.ReplayContextTest.recorded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.protocol.v1.PendingAttempts;
import dev.mainstay.sdk.NonDeterminismException;
import dev.mainstay.sdk.RetryPolicy;
import dev.mainstay.sdk.StepFailedException;
import dev.mainstay.sdk.WorkflowContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ctx.patched} and {@code ctx.deprecatePatch} as tables: a recorded journal in (the old code's,
 * the new code's, one cut short before the patch point), the branch taken and the appends out.
 */
class PatchesTest {
    final ReplayContextTest.RecordingSink sink = new ReplayContextTest.RecordingSink();
    final List<String> ran = new ArrayList<>();

    ReplayContext context(JournalEntry... journal) {
        return context(Map.of(), journal);
    }

    ReplayContext context(Map<Integer, PendingAttempts> pending, JournalEntry... journal) {
        Components components = new Components();
        return new ReplayContext("run-1", "wf", List.of(journal), sink, components, 1024,
                new RetryPolicies(null, RetryPolicy.none(), null), pending, 0);
    }

    String step(WorkflowContext ctx, String name) {
        return ctx.step(name, String.class, () -> {
            ran.add(name);
            return name + "-done";
        });
    }

    /** The new code: "load", then "credit-check" where the old code had "risk-score", then "renew". */
    String newCode(WorkflowContext ctx) {
        step(ctx, "load");
        String checked = ctx.patched("credit-check") ? step(ctx, "credit-check") : step(ctx, "risk-score");
        step(ctx, "renew");
        return checked;
    }

    static JournalEntry marker(int position, String changeId) {
        return recorded(position, "patch", changeId, "true");
    }

    @Test
    void patched_onAFreshRun_journalsTheMarkerAndTakesTheNewBranch() {
        ReplayContext ctx = context();

        assertThat(newCode(ctx)).isEqualTo("credit-check-done");

        assertThat(sink.appended).extracting(JournalEntry::getPosition, JournalEntry::getKind, JournalEntry::getName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "step", "load"),
                        org.assertj.core.groups.Tuple.tuple(2, "patch", "credit-check"),
                        org.assertj.core.groups.Tuple.tuple(3, "step", "credit-check"),
                        org.assertj.core.groups.Tuple.tuple(4, "step", "renew"));
        assertThat(sink.appended.get(1).getOutput().toStringUtf8()).isEqualTo("true");
    }

    @Test
    void patched_replayingItsMarker_takesTheNewBranchAgainWithoutWriting() {
        ReplayContext ctx = context(recorded(1, "step", "load", "\"load-done\""), marker(2, "credit-check"),
                recorded(3, "step", "credit-check", "\"recorded\""), recorded(4, "step", "renew", "\"r\""));

        assertThat(newCode(ctx)).isEqualTo("recorded");

        assertThat(sink.appended).isEmpty();
        assertThat(ran).isEmpty();
        ctx.checkFullyReplayed();
    }

    @Test
    void patched_replayingARunOfTheOldCode_takesTheOldBranchAndConsumesNothing() {
        ReplayContext ctx = context(recorded(1, "step", "load", "\"load-done\""),
                recorded(2, "step", "risk-score", "\"old\""));

        assertThat(newCode(ctx)).isEqualTo("old");

        assertThat(ran).containsExactly("renew");
        assertThat(sink.appended).extracting(JournalEntry::getPosition, JournalEntry::getName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, "renew"));
        ctx.checkFullyReplayed();
    }

    @Test
    void patched_onAnOldRunThatHadNotReachedThePoint_takesTheNewBranch() {
        ReplayContext ctx = context(recorded(1, "step", "load", "\"load-done\""));

        assertThat(newCode(ctx)).isEqualTo("credit-check-done");

        assertThat(sink.appended).extracting(JournalEntry::getKind).containsExactly("patch", "step", "step");
        assertThat(sink.appended.get(0).getPosition()).isEqualTo(2);
    }

    @Test
    void patched_whereTheOldCodesStepHadFailedAttempts_takesTheOldBranch() {
        PendingAttempts failed = PendingAttempts.newBuilder().setFailed(1).setKind("step").setName("risk-score").build();
        ReplayContext ctx = context(Map.of(2, failed), recorded(1, "step", "load", "\"load-done\""));

        assertThat(newCode(ctx)).isEqualTo("risk-score-done");

        assertThat(sink.appended.get(0).getName()).isEqualTo("risk-score");
        assertThat(sink.appended.get(0).getAttempt()).as("the attempt count continues").isEqualTo(2);
    }

    @Test
    void patched_atAGapAParallelStepLeft_takesTheOldBranch() {
        ReplayContext ctx = context(recorded(1, "step", "a", "\"x\""), recorded(3, "step", "c", "\"z\""));
        ctx.step("a", String.class, () -> "x");

        assertThat(ctx.patched("p")).isFalse();
        assertThat(sink.appended).isEmpty();
    }

    @Test
    void patched_whereTheOldRunWasCancelled_takesTheOldBranch_whichMeetsTheCancelPoint() {
        ReplayContext ctx = context(recorded(1, "step", "load", "\"load-done\""), recorded(2, "cancel", "cancel", "null"));
        step(ctx, "load");

        assertThat(ctx.patched("credit-check")).isFalse();
        assertThatThrownBy(() -> step(ctx, "risk-score")).isInstanceOf(dev.mainstay.sdk.CancelledException.class);
        assertThat(sink.appended).isEmpty();
    }

    @Test
    void patched_whileTheWorkerDrains_givesTheRunBackBeforeJournalingTheMarker_butStillReplaysOne() {
        sink.draining = true;
        ReplayContext replaying = context(marker(1, "p"));
        assertThat(replaying.patched("p")).isTrue();

        ReplayContext fresh = context();
        assertThatThrownBy(() -> fresh.patched("p")).isInstanceOf(Suspended.class);
        assertThat(sink.releases).isEqualTo(1);
        assertThat(sink.appended).isEmpty();
    }

    @Test
    void patched_theFirstCallDecidesForTheRun_asInALoop() {
        ReplayContext fresh = context();
        List<Boolean> taken = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            taken.add(fresh.patched("loop-change"));
            step(fresh, "item-" + i);
        }
        assertThat(taken).containsExactly(true, true, true);
        assertThat(sink.appended).extracting(JournalEntry::getKind).containsExactly("patch", "step", "step", "step");

        // a run of the old code, one item done, resumed by the new code: the old branch to the end
        ReplayContext old = context(recorded(1, "step", "item-0", "\"item-0-done\""));
        List<Boolean> oldTaken = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            oldTaken.add(old.patched("loop-change"));
            step(old, "item-" + i);
        }
        assertThat(oldTaken).containsExactly(false, false, false);
    }

    @Test
    void patched_twoPatchesAtOnePoint_eachFindsItsOwnMarker() {
        // the run took patch "b" there; a later change added patch "a" before it
        ReplayContext ctx = context(marker(1, "b"), recorded(2, "step", "after", "\"x\""));

        assertThat(ctx.patched("a")).isFalse();
        assertThat(ctx.patched("b")).isTrue();
        assertThat(step(ctx, "after")).isEqualTo("x");
        assertThat(sink.appended).isEmpty();
    }

    @Test
    void deprecatePatch_consumesTheMarkerWhereThereIsOne_andJournalsNothingElse() {
        ReplayContext withMarker = context(marker(1, "credit-check"), recorded(2, "step", "credit-check", "\"c\""));
        withMarker.deprecatePatch("credit-check");
        assertThat(step(withMarker, "credit-check")).isEqualTo("c");
        withMarker.checkFullyReplayed();

        ReplayContext fresh = context();
        fresh.deprecatePatch("credit-check");
        step(fresh, "credit-check");
        assertThat(sink.appended).extracting(JournalEntry::getKind).containsExactly("step");
    }

    @Test
    void aMarkerTheCodeNoLongerAsksFor_isNonDeterminism() {
        ReplayContext ctx = context(marker(1, "credit-check"), recorded(2, "step", "credit-check", "\"c\""));

        assertThatThrownBy(() -> step(ctx, "credit-check")).isInstanceOfSatisfying(NonDeterminismException.class, e -> {
            assertThat(e.position()).isEqualTo(1);
            assertThat(e.expected()).isEqualTo("patch 'credit-check'");
            assertThat(e.actual()).isEqualTo("step 'credit-check'");
        });
    }

    @Test
    void patched_needsAnIdAndCannotNestInAStep() {
        ReplayContext ctx = context();
        assertThatIllegalArgumentException().isThrownBy(() -> ctx.patched(" ")).withMessageContaining("non-blank name");
        assertThatThrownBy(() -> ctx.step("outer", Boolean.class, () -> ctx.patched("inner")))
                .isInstanceOfSatisfying(StepFailedException.class, e -> assertThat(e.getCause())
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot nest inside a step body"));
        assertThatThrownBy(() -> ctx.step("outer-2", Boolean.class, () -> {
            ctx.deprecatePatch("inner");
            return true;
        })).isInstanceOfSatisfying(StepFailedException.class, e -> assertThat(e.getCause()).isInstanceOf(IllegalStateException.class));
    }

    @Test
    void patched_afterADetectedNonDeterminism_throwsItAgain() {
        ReplayContext ctx = context(recorded(1, "step", "a", "\"x\""));
        assertThatThrownBy(() -> step(ctx, "b")).isInstanceOf(NonDeterminismException.class);

        assertThatThrownBy(() -> ctx.patched("p")).isInstanceOf(NonDeterminismException.class);
    }
}
