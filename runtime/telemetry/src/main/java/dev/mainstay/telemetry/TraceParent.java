package dev.mainstay.telemetry;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.Optional;
import java.util.regex.Pattern;

/** The W3C {@code traceparent} header: {@code 00-<trace id>-<parent span id>-<flags>}. */
public final class TraceParent {
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private TraceParent() {}

    /**
     * The span context a valid header names, else empty. Per the W3C spec an invalid header is
     * ignored (the run then starts a trace of its own) rather than refused: a caller's tracing
     * must never make a start fail.
     */
    public static Optional<SpanContext> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        if (!FORMAT.matcher(value).matches() || value.startsWith("ff")) {
            return Optional.empty();
        }
        SpanContext context = SpanContext.createFromRemoteParent(value.substring(3, 35), value.substring(36, 52),
                TraceFlags.fromHex(value, 53), TraceState.getDefault());
        return context.isValid() ? Optional.of(context) : Optional.empty();
    }

    /** The header of a span context. */
    public static String format(SpanContext context) {
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }
}
