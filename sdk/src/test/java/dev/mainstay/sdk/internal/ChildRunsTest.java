package dev.mainstay.sdk.internal;

import static dev.mainstay.sdk.internal.ReplayContextTest.recorded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.sdk.ChildOptions;
import dev.mainstay.sdk.ChildRun;
import dev.mainstay.sdk.ChildRunFailedException;
import dev.mainstay.sdk.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Child runs: the start journaled with the child's id, the outcome read from the parent's inbox entry. */
class ChildRunsTest {
    final ReplayContextTest.RecordingSink sink = new ReplayContextTest.RecordingSink();

    ReplayContext context(JournalEntry... journal) {
        return new ReplayContext("run-1", "wf", List.of(journal), sink, new Components(), 1024);
    }

    static JournalEntry childStarted(int position, String workflow, String childId) {
        return recorded(position, "child", workflow, "{\"runId\":\"" + childId + "\"}");
    }

    static JournalEntry childEnded(int position, String childId, String outcomeJson) {
        return recorded(position, "event", "child:" + childId, "{\"received\":true,\"payload\":" + outcomeJson + "}");
    }

    @Test
    void startChild_asksTheRuntime_andTheParentSuspendsUntilTheOutcomeArrives() {
        ReplayContext ctx = context();
        ChildRun<Integer> child = ctx.startChild("invoice", "order-1", Integer.class, ChildOptions.detached());
        assertThat(child.runId()).isEqualTo("child-1");
        assertThat(sink.childrenStarted).containsExactly("invoice detached");
        assertThatThrownBy(child::result).isInstanceOf(Suspended.class);
    }

    @Test
    void replay_neverStartsTheChildAgain_andReturnsItsJournaledResult() {
        ReplayContext ctx = context(childStarted(1, "invoice", "c-9"),
                childEnded(2, "c-9", "{\"runId\":\"c-9\",\"status\":\"COMPLETED\",\"output\":42}"));
        ChildRun<Integer> child = ctx.startChild("invoice", "order-1", Integer.class);
        assertThat(child.runId()).isEqualTo("c-9");
        assertThat(child.result()).isEqualTo(42);
        assertThat(child.result()).as("awaited once, taken from memory after").isEqualTo(42);
        assertThat(sink.childrenStarted).isEmpty();
        ctx.checkFullyReplayed();
    }

    @Test
    void aChildThatFailed_surfacesAsChildRunFailedException() {
        ReplayContext ctx = context(childStarted(1, "invoice", "c-9"), childEnded(2, "c-9",
                "{\"runId\":\"c-9\",\"status\":\"CANCELLED\",\"error\":{\"code\":\"CANCELLED\",\"message\":\"cancelled with its parent\"}}"));
        ChildRun<Integer> child = ctx.startChild("invoice", "order-1", Integer.class);
        assertThatThrownBy(child::result).isInstanceOfSatisfying(ChildRunFailedException.class, e -> {
            assertThat(e.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(e.errorCode()).isEqualTo("CANCELLED");
            assertThat(e.childRunId()).isEqualTo("c-9");
        });
    }

    @Test
    void call_ofANameThisWorkerDoesNotServe_runsAsAChild() {
        ReplayContext ctx = context(childStarted(1, "remote-fn", "c-1"),
                childEnded(2, "c-1", "{\"runId\":\"c-1\",\"status\":\"COMPLETED\",\"output\":\"ok\"}"));
        assertThat(ctx.call("remote-fn", 5, String.class)).isEqualTo("ok");
    }

    @Test
    void aRequiredChildNotAwaited_isAwaitedWhenTheBodyReturns() {
        ReplayContext ctx = context();
        ctx.startChild("invoice", "order-1", Integer.class);
        ctx.startChild("audit", "order-1", Integer.class, ChildOptions.detached());
        assertThatThrownBy(ctx::awaitRequiredChildren).as("suspends for the required child only")
                .isInstanceOf(Suspended.class).hasMessageContaining("child:child-1");
    }
}
