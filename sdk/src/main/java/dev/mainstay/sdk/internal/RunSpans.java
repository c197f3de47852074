package dev.mainstay.sdk.internal;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The spans of one dispatch of a run, as user code sees them. The run span's context comes from
 * the dispatch ({@code traceparent}); an operation's span id is derived exactly as the runtime's
 * {@code TraceIds.operation} derives it (SHA-256 of run id, position and attempt), so both sides
 * name the same span without talking about it. Keep the two in step.
 */
final class RunSpans {
    private final String runId;
    private final SpanContext run;
    private final RecordingSpan runSpan;

    RunSpans(String runId, String traceParent) {
        this.runId = runId;
        this.run = parse(traceParent);
        this.runSpan = new RecordingSpan(run);
    }

    RecordingSpan run() {
        return runSpan;
    }

    /** A fresh span for one attempt of the operation at {@code position}. */
    RecordingSpan operation(int position, int attempt) {
        if (!run.isValid()) {
            return new RecordingSpan(SpanContext.getInvalid());
        }
        return new RecordingSpan(SpanContext.create(run.getTraceId(), spanId(runId, "op/" + position + "/" + attempt),
                run.getTraceFlags(), TraceState.getDefault()));
    }

    static SpanContext parse(String traceParent) {
        if (traceParent == null || !traceParent.matches("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")) {
            return SpanContext.getInvalid();
        }
        return SpanContext.create(traceParent.substring(3, 35), traceParent.substring(36, 52),
                TraceFlags.fromHex(traceParent, 53), TraceState.getDefault());
    }

    static String spanId(String runId, String what) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((runId + "/" + what).getBytes(StandardCharsets.UTF_8));
            String id = HexFormat.of().formatHex(digest, 0, 8);
            return id.equals("0000000000000000") ? "0000000000000001" : id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
