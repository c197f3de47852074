package dev.mainstay.sdk.internal;

import static dev.mainstay.sdk.internal.ReplayContextTest.recorded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.sdk.NonDeterminismException;
import dev.mainstay.sdk.RetryPolicy;
import dev.mainstay.sdk.WorkflowContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ctx.setAttribute} as tables: a recorded journal in, the appends (or the non-determinism) out. */
class AttributesTest {
    final ReplayContextTest.RecordingSink sink = new ReplayContextTest.RecordingSink();

    ReplayContext context(JournalEntry... journal) {
        return new ReplayContext("run-1", "wf", List.of(journal), sink, new Components(), 1024,
                new RetryPolicies(null, RetryPolicy.none(), null), Map.of(), 0);
    }

    static void body(WorkflowContext ctx) {
        ctx.setAttribute("customer", "c-42");
        ctx.setAttribute("amount", 120L);
        ctx.setAttribute("ratio", 0.5);
        ctx.setAttribute("vip", true);
        ctx.setAttribute("due", Instant.parse("2026-12-01T05:00:00Z"));
    }

    @Test
    void setAttribute_onAFreshRun_journalsOneTypedEntryEach() {
        body(context());

        assertThat(sink.appended).extracting(JournalEntry::getPosition, JournalEntry::getKind, JournalEntry::getName,
                e -> e.getOutput().toStringUtf8()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, "attribute", "customer", "{\"kind\":\"string\",\"value\":\"c-42\"}"),
                org.assertj.core.groups.Tuple.tuple(2, "attribute", "amount", "{\"kind\":\"number\",\"value\":120}"),
                org.assertj.core.groups.Tuple.tuple(3, "attribute", "ratio", "{\"kind\":\"number\",\"value\":0.5}"),
                org.assertj.core.groups.Tuple.tuple(4, "attribute", "vip", "{\"kind\":\"boolean\",\"value\":true}"),
                org.assertj.core.groups.Tuple.tuple(5, "attribute", "due", "{\"kind\":\"time\",\"value\":\"2026-12-01T05:00:00Z\"}"));
    }

    @Test
    void setAttribute_replayed_writesNothing() {
        body(context());
        List<JournalEntry> journal = List.copyOf(sink.appended);
        sink.appended.clear();

        ReplayContext replay = context(journal.toArray(JournalEntry[]::new));
        body(replay);
        replay.checkFullyReplayed();

        assertThat(sink.appended).isEmpty();
    }

    @Test
    void setAttribute_replayedWithAnotherValueOrName_isANonDeterminism() {
        ReplayContext otherValue = context(recorded(1, "attribute", "customer", "{\"kind\":\"string\",\"value\":\"c-7\"}"));
        assertThatThrownBy(() -> otherValue.setAttribute("customer", "c-42")).isInstanceOf(NonDeterminismException.class)
                .hasMessageContaining("c-7").hasMessageContaining("c-42");
        ReplayContext otherKind = context(recorded(1, "attribute", "amount", "{\"kind\":\"string\",\"value\":\"100\"}"));
        assertThatThrownBy(() -> otherKind.setAttribute("amount", 100L)).isInstanceOf(NonDeterminismException.class);
        ReplayContext otherName = context(recorded(1, "attribute", "customer", "{\"kind\":\"string\",\"value\":\"c-42\"}"));
        assertThatThrownBy(() -> otherName.setAttribute("client", "c-42")).isInstanceOf(NonDeterminismException.class);
        assertThat(sink.appended).isEmpty();
    }

    @Test
    void setAttribute_outsideTheRules_throwsAtTheCallWithNothingJournaled() {
        ReplayContext ctx = context();
        assertThatIllegalArgumentException().isThrownBy(() -> ctx.setAttribute("has space", "x")).withMessageContaining("A-Z a-z 0-9");
        assertThatIllegalArgumentException().isThrownBy(() -> ctx.setAttribute("x".repeat(65), "x"));
        assertThatIllegalArgumentException().isThrownBy(() -> ctx.setAttribute("long", "v".repeat(257))).withMessageContaining("256");
        assertThatIllegalArgumentException().isThrownBy(() -> ctx.setAttribute("nan", Double.NaN));
        assertThatIllegalArgumentException().isThrownBy(() -> ctx.setAttribute("null", (String) null));
        for (int i = 1; i <= 32; i++) {
            ctx.setAttribute("a" + i, i);
        }
        ctx.setAttribute("a1", 100); // overwriting one is fine
        assertThatIllegalArgumentException().isThrownBy(() -> ctx.setAttribute("a33", 33)).withMessageContaining("32");
        assertThat(sink.appended).hasSize(33);
    }
}
