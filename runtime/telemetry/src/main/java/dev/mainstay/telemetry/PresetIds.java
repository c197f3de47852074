package dev.mainstay.telemetry;

import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * An {@link IdGenerator} that hands out the ids the tracer decided ({@link TraceIds}) for the next
 * span started on this thread, and random ones otherwise. The OpenTelemetry API has no way to
 * choose a span's id, and ours must be deterministic; installing this generator into the SDK is
 * the one seam the SDK offers for it.
 */
final class PresetIds implements IdGenerator {
    private static final ThreadLocal<String[]> NEXT = new ThreadLocal<>();
    private final IdGenerator random = IdGenerator.random();

    /** Runs {@code start} with the given ids for the span it starts. */
    static <T> T with(String traceId, String spanId, java.util.function.Supplier<T> start) {
        NEXT.set(new String[] {traceId, spanId});
        try {
            return start.get();
        } finally {
            NEXT.remove();
        }
    }

    @Override
    public String generateSpanId() {
        String[] next = NEXT.get();
        return next == null || next[1] == null ? random.generateSpanId() : next[1];
    }

    @Override
    public String generateTraceId() {
        String[] next = NEXT.get();
        return next == null || next[0] == null ? random.generateTraceId() : next[0];
    }
}
