package dev.mainstay.sdk.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The span user code sees for the run or the operation it is in ({@code ctx.span()}, and
 * {@code Span.current()} inside a step). It is not exported from the worker: it records the
 * attributes set on it, which travel with the operation's journal write to the runtime, and the
 * runtime puts them on the span it emits from the committed entry (so the span exists once, with
 * its real timing, whatever crashed). Its context is the one the runtime gives that span, so a
 * client call instrumented by OpenTelemetry inside a step becomes its child. Events, status and
 * exceptions set here are ignored: the runtime records the step's outcome itself.
 */
final class RecordingSpan implements Span {
    /** Most attributes kept per span, and most characters per value: a span is not a payload. */
    static final int MAX_ATTRIBUTES = 64;
    static final int MAX_VALUE_CHARS = 1024;

    private final SpanContext context;
    private final Map<String, String> attributes = new TreeMap<>();

    RecordingSpan(SpanContext context) {
        this.context = context;
    }

    /** What user code set, as strings (the wire carries strings). */
    synchronized Map<String, String> attributes() {
        return Map.copyOf(attributes);
    }

    @Override
    public synchronized <T> Span setAttribute(AttributeKey<T> key, T value) {
        if (key == null || key.getKey().isEmpty()) {
            return this;
        }
        if (value == null) {
            attributes.remove(key.getKey());
        } else if (attributes.size() < MAX_ATTRIBUTES || attributes.containsKey(key.getKey())) {
            String text = String.valueOf(value);
            attributes.put(key.getKey(), text.length() > MAX_VALUE_CHARS ? text.substring(0, MAX_VALUE_CHARS) + "…" : text);
        }
        return this;
    }

    @Override
    public Span addEvent(String name, Attributes attributes) {
        return this;
    }

    @Override
    public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
        return this;
    }

    @Override
    public Span setStatus(StatusCode statusCode, String description) {
        return this;
    }

    @Override
    public Span recordException(Throwable exception, Attributes additionalAttributes) {
        return this;
    }

    @Override
    public Span updateName(String name) {
        return this;
    }

    @Override
    public void end() {}

    @Override
    public void end(long timestamp, TimeUnit unit) {}

    @Override
    public SpanContext getSpanContext() {
        return context;
    }

    @Override
    public boolean isRecording() {
        return true;
    }
}
