package dev.mainstay.sdk;

import java.time.Duration;

/**
 * Options of a start. {@code idempotencyKey}: a second start with the same key returns the first
 * run instead of starting another. {@code priority} (-1000 to 1000, 0 by default): when runs wait
 * for a worker, higher ones are dispatched first, and runs of one priority in start order; the
 * run's children take its priority. {@code debounce} (with {@code debounceKey}): the run waits this
 * long after the last start with the key, and each such start replaces its input instead of
 * starting another, for at most {@code debounceMax} after the first (null: ten windows).
 */
public record StartOptions(String idempotencyKey, int priority, Duration debounce, String debounceKey,
                           Duration debounceMax) {
    public StartOptions(String idempotencyKey) {
        this(idempotencyKey, 0, null, null, null);
    }

    public static StartOptions defaults() {
        return new StartOptions(null);
    }

    public StartOptions withIdempotencyKey(String key) {
        return new StartOptions(key, priority, debounce, debounceKey, debounceMax);
    }

    public StartOptions withPriority(int priority) {
        return new StartOptions(idempotencyKey, priority, debounce, debounceKey, debounceMax);
    }

    /** Debounces the start under {@code key} (see the record's description). */
    public StartOptions withDebounce(Duration window, String key) {
        return new StartOptions(idempotencyKey, priority, window, key, debounceMax);
    }

    public StartOptions withDebounceMax(Duration max) {
        return new StartOptions(idempotencyKey, priority, debounce, debounceKey, max);
    }
}
