package dev.mainstay.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.mainstay.protocol.v1.Ack;
import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.sdk.Redact;
import dev.mainstay.sdk.RetryPolicy;
import dev.mainstay.sdk.StepOptions;
import io.opentelemetry.api.trace.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** User code enriches spans through the context; the attributes travel with the journal writes. */
class RunSpansTest {
    static final String TRACE_PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    /** Appends with the span attributes they carried. */
    static final class SpanSink extends ReplayContextTest.RecordingSink {
        final List<Map<String, String>> appendAttributes = new ArrayList<>();

        @Override
        public CompletableFuture<Ack> append(JournalEntry entry, Map<String, String> spanAttributes) {
            appendAttributes.add(spanAttributes);
            return append(entry);
        }
    }

    final SpanSink sink = new SpanSink();

    ReplayContext context(RetryPolicy retry) {
        ReplayContext ctx = new ReplayContext("run-1", "wf", List.of(), sink, new Components(), 1024,
                new RetryPolicies(null, retry, null), java.util.Map.of(), 60_000);
        ctx.traceParent(TRACE_PARENT);
        return ctx;
    }

    @Test
    void span_insideAStepIsTheCurrentSpanWithTheRuntimesIds() {
        ReplayContext ctx = context(RetryPolicy.none());
        AtomicReference<Span> seen = new AtomicReference<>();
        AtomicReference<String> mdcStep = new AtomicReference<>();
        ctx.step("charge", String.class, () -> {
            seen.set(Span.current());
            mdcStep.set(MDC.get("step") + "#" + MDC.get("attempt"));
            Span.current().setAttribute("payment.provider", "acme-pay");
            ctx.span().setAttribute("tenant.id", "t-42");
            return "ok";
        });

        assertThat(seen.get()).isInstanceOf(RecordingSpan.class);
        assertThat(seen.get().getSpanContext().getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        // the runtime's TraceIds.operation("run-1", 1, 1): SHA-256 of "run-1/op/1/1", first 8 bytes
        assertThat(seen.get().getSpanContext().getSpanId()).isEqualTo(RunSpans.spanId("run-1", "op/1/1"));
        assertThat(RunSpans.spanId("run-1", "op/3/2")).isEqualTo("13d29871c766d70a");
        assertThat(mdcStep.get()).isEqualTo("charge#1");
        assertThat(MDC.get("step")).isNull();
        assertThat(sink.appendAttributes).containsExactly(Map.of("payment.provider", "acme-pay", "tenant.id", "t-42"));
        assertThat(Span.current().getSpanContext().isValid()).isFalse();
    }

    @Test
    void mdc_aParallelStepLogsWithTheRunsContextAndItsOwnStep() {
        ReplayContext ctx = context(RetryPolicy.none());
        AtomicReference<String> seen = new AtomicReference<>();
        MDC.put("runId", "run-1");
        try {
            ctx.all(List.of(ctx.stepAsync("quote", String.class, () -> {
                seen.set(MDC.get("runId") + "/" + MDC.get("step") + "#" + MDC.get("attempt"));
                return "ok";
            })));
        } finally {
            MDC.clear();
        }
        assertThat(seen.get()).isEqualTo("run-1/quote#1");
    }

    @Test
    void span_outsideAStepIsTheRunSpan_andFailedAttemptsCarryTheirOwn() {
        ReplayContext ctx = context(ReplayContextTest.QUICK.withMaxAttempts(2));
        ctx.span().setAttribute("tenant.id", "t-7");
        int[] calls = {0};
        ctx.step("flaky", String.class, StepOptions.defaults().withRetry(ReplayContextTest.QUICK.withMaxAttempts(2)), () -> {
            Span.current().setAttribute("try", ++calls[0]);
            if (calls[0] == 1) {
                throw new IllegalStateException("first fails");
            }
            return "ok";
        });

        assertThat(ctx.runSpanAttributes()).isEqualTo(Map.of("tenant.id", "t-7"));
        assertThat(sink.attempts).singleElement().satisfies(a -> assertThat(a.getSpanAttributesMap()).isEqualTo(Map.of("try", "1")));
        assertThat(sink.appendAttributes).containsExactly(Map.of("try", "2"));
        assertThat(ctx.span().getSpanContext().getSpanId()).isEqualTo("b7ad6b7169203331");
    }

    @Test
    void span_withoutTracingIsInvalidButHarmless() {
        ReplayContext ctx = new ReplayContext("run-1", "wf", List.of(), sink, new Components(), 1024);
        ctx.span().setAttribute("k", "v");
        ctx.step("s", String.class, () -> {
            Span.current().setAttribute("a", "b");
            assertThat(Span.current().getSpanContext().isValid()).isFalse();
            return "x";
        });
        assertThat(sink.appended).extracting(JournalEntry::getOutput).containsExactly(ByteString.copyFromUtf8("\"x\""));
    }

    record Card(String holder, @Redact String number, Nested nested) {}

    record Nested(@Redact String cvc, List<Secret> secrets) {}

    record Secret(@Redact @com.fasterxml.jackson.annotation.JsonProperty("api_key") String apiKey) {}

    @Test
    void redactedFields_areFoundAtAnyDepth() {
        assertThat(RedactedFields.of(List.of(Card.class))).containsExactly("api_key", "cvc", "number");
    }
}
