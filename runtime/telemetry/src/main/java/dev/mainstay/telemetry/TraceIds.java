package dev.mainstay.telemetry;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Deterministic trace and span ids.
 *
 * <p>Why: a run lives longer than any process. Its spans are emitted one by one as the journal
 * commits, across runtime restarts, by whichever runtime process holds it, and the worker's user
 * code enriches the span of the step it runs. All of them must agree on the ids without sharing
 * memory, so ids are derived from what the store keeps: the run id (a UUIDv7, so a run without a
 * caller's trace gets the run id itself as trace id, which makes it easy to find), the caller's
 * traceparent, the journal position and the attempt.
 */
public final class TraceIds {
    private static final HexFormat HEX = HexFormat.of();

    private TraceIds() {}

    /** The run's span context: child of the caller's span when the start carried a traceparent. */
    public static SpanContext run(String runId, Optional<SpanContext> caller) {
        String traceId = caller.map(SpanContext::getTraceId).orElseGet(() -> runId.replace("-", "").toLowerCase());
        TraceFlags flags = caller.map(SpanContext::getTraceFlags).orElse(TraceFlags.getSampled());
        return SpanContext.create(traceId, spanId(runId, "run"), flags, TraceState.getDefault());
    }

    /** The span id of an operation's attempt (a step, call, wait…) at a journal position. */
    public static String operation(String runId, int position, int attempt) {
        return spanId(runId, "op/" + position + "/" + attempt);
    }

    static String spanId(String runId, String what) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((runId + "/" + what).getBytes(StandardCharsets.UTF_8));
            String id = HEX.formatHex(digest, 0, 8);
            return id.equals("0000000000000000") ? "0000000000000001" : id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
