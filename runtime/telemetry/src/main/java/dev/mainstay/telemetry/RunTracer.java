package dev.mainstay.telemetry;

import dev.mainstay.store.Failure;
import dev.mainstay.store.RunRecord;
import dev.mainstay.store.RunStatus;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Emits finished spans of a run from what the store committed, with their recorded timestamps:
 * the run span (when the run has its outcome) and one span per operation attempt, each the run
 * span's child. Ids come from {@link TraceIds}, so spans emitted by different processes, before
 * and after crashes, form one trace. Needs a tracer whose SDK uses {@link PresetIds}.
 */
public final class RunTracer {
    /** Deterministic bookkeeping entries: no span of their own. */
    private static final Set<String> SILENT_KINDS = Set.of("now", "random", "uuid", "patch");
    static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("mainstay.run.id");
    static final AttributeKey<String> WORKFLOW = AttributeKey.stringKey("mainstay.workflow");

    private final Tracer tracer;
    private final Payloads payloads;

    public RunTracer(Tracer tracer, Payloads payloads) {
        this.tracer = tracer;
        this.payloads = payloads;
    }

    /** The run's span, from its creation to its outcome. */
    public void run(RunRecord run, Optional<SpanContext> caller, Map<String, String> attributes) {
        SpanContext self = TraceIds.run(run.id(), caller);
        Context parent = caller.map(c -> Context.root().with(Span.wrap(c))).orElse(Context.root());
        Span span = PresetIds.with(self.getTraceId(), self.getSpanId(), () -> tracer.spanBuilder("run " + dev.mainstay.engine.Namespaces.local(run.component()))
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(run.createdAtMs(), TimeUnit.MILLISECONDS)
                .setAttribute(RUN_ID, run.id())
                .setAttribute(WORKFLOW, dev.mainstay.engine.Namespaces.local(run.component()))
                .setAttribute("mainstay.namespace", dev.mainstay.engine.Namespaces.of(run.component()))
                .setAttribute("mainstay.run.kind", run.kind().name())
                .setAttribute("mainstay.run.status", run.status().name())
                .startSpan());
        setIfPresent(span, "mainstay.idempotency_key", run.idempotencyKey());
        setIfPresent(span, "mainstay.input", payloads.attribute(run.input()));
        setIfPresent(span, "mainstay.output", payloads.attribute(run.output()));
        attributes.forEach(span::setAttribute);
        if (run.status() == RunStatus.FAILED) {
            fail(span, run.failure());
        } else if (run.status() == RunStatus.CANCELLED) {
            span.setAttribute("mainstay.cancelled", true);
        }
        long end = run.finishedAtMs() != null ? run.finishedAtMs() : run.updatedAtMs();
        span.end(end, TimeUnit.MILLISECONDS);
    }

    /** One attempt of an operation, as the run span's child. */
    public void operation(SpanContext run, String workflow, Operation op) {
        if (SILENT_KINDS.contains(op.kind())) {
            return;
        }
        Context parent = Context.root().with(Span.wrap(run));
        Span span = PresetIds.with(run.getTraceId(), TraceIds.operation(op.runId(), op.position(), op.attempt()),
                () -> tracer.spanBuilder(op.spanName())
                        .setParent(parent)
                        .setSpanKind(SpanKind.INTERNAL)
                        .setStartTimestamp(op.startMs(), TimeUnit.MILLISECONDS)
                        .setAttribute(RUN_ID, op.runId())
                        .setAttribute(WORKFLOW, workflow)
                        .setAttribute("mainstay.operation.kind", op.kind())
                        .setAttribute("mainstay.operation.position", op.position())
                        .setAttribute("mainstay.operation.attempt", op.attempt())
                        .startSpan());
        setIfPresent(span, "mainstay.operation.name", op.name());
        setIfPresent(span, "mainstay.input", payloads.attribute(op.input()));
        setIfPresent(span, "mainstay.output", payloads.attribute(op.output()));
        op.attributes().forEach(span::setAttribute);
        if (op.failure() != null) {
            fail(span, op.failure());
        }
        span.end(Math.max(op.endMs(), op.startMs()), TimeUnit.MILLISECONDS);
    }

    /** The error as OpenTelemetry's exception event (semantic conventions) and an ERROR status. */
    private void fail(Span span, Failure failure) {
        if (failure == null) {
            span.setStatus(StatusCode.ERROR);
            return;
        }
        var attributes = Attributes.builder()
                .put("exception.type", failure.type() != null ? failure.type() : failure.code())
                .put("exception.message", payloads.text(String.valueOf(failure.message())))
                .put("mainstay.error.code", failure.code());
        if (failure.stackTrace() != null) {
            attributes.put("exception.stacktrace", payloads.text(failure.stackTrace()));
        }
        span.addEvent("exception", attributes.build());
        span.setStatus(StatusCode.ERROR, failure.code() + ": " + payloads.text(String.valueOf(failure.message())));
    }

    private static void setIfPresent(Span span, String key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
    }
}
