package dev.mainstay.sdk.internal;

/**
 * The step whose body runs on this thread: ctx operations cannot nest in it; heartbeats, live
 * output, {@code ctx.span()} and {@code ctx.idempotencyKey()} name it.
 */
final class StepScope {
    private static final ThreadLocal<StepScope> CURRENT = new ThreadLocal<>();

    private final int position;
    private final long timeoutMs;
    private final RecordingSpan span; // the attempt's span: ctx.span() and Span.current() in the body
    private final java.util.function.LongSupplier clock;
    private long lastHeartbeatMs;

    StepScope(int position, long timeoutMs, RecordingSpan span) {
        this(position, timeoutMs, span, System::currentTimeMillis);
    }

    /** With {@code clock} (epoch ms) for the heartbeats' pace: a test's own. */
    StepScope(int position, long timeoutMs, RecordingSpan span, java.util.function.LongSupplier clock) {
        this.position = position;
        this.timeoutMs = timeoutMs;
        this.span = span;
        this.clock = clock;
        this.lastHeartbeatMs = clock.getAsLong();
    }

    /** The step running on this thread, or null outside a step body. */
    static StepScope current() {
        return CURRENT.get();
    }

    static void enter(StepScope scope) {
        CURRENT.set(scope);
    }

    static void exit() {
        CURRENT.remove();
    }

    int position() {
        return position;
    }

    RecordingSpan span() {
        return span;
    }

    /** At most one heartbeat per tenth of the timeout goes out: a tight loop must not flood the stream. */
    boolean heartbeatDue() {
        long now = clock.getAsLong();
        if (timeoutMs <= 0 || now - lastHeartbeatMs < timeoutMs / 10) {
            return false;
        }
        lastHeartbeatMs = now;
        return true;
    }
}
