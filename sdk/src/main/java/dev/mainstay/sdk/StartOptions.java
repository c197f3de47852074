package dev.mainstay.sdk;

/**
 * Options of a start. {@code idempotencyKey}: a second start with the same key returns the first
 * run instead of starting another. {@code priority} (-1000 to 1000, 0 by default): when runs wait
 * for a worker, higher ones are dispatched first, and runs of one priority in start order; the
 * run's children take its priority.
 */
public record StartOptions(String idempotencyKey, int priority) {
    public StartOptions(String idempotencyKey) {
        this(idempotencyKey, 0);
    }

    public static StartOptions defaults() {
        return new StartOptions(null, 0);
    }

    public StartOptions withIdempotencyKey(String key) {
        return new StartOptions(key, priority);
    }

    public StartOptions withPriority(int priority) {
        return new StartOptions(idempotencyKey, priority);
    }
}
