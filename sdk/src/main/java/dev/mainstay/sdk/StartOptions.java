package dev.mainstay.sdk;

/**
 * Options of a start. {@code idempotencyKey}: a second start with the same key returns the first
 * run instead of starting another.
 */
public record StartOptions(String idempotencyKey) {
    public static StartOptions defaults() {
        return new StartOptions(null);
    }

    public StartOptions withIdempotencyKey(String key) {
        return new StartOptions(key);
    }
}
