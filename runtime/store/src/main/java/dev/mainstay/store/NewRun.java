package dev.mainstay.store;

/**
 * A run to create. {@code idempotencyKey}, {@code deadlineAtMs} (whole-run timeout) and
 * {@code concurrencyKey} (the run's value of its workflow's concurrency key field) may be null.
 */
public record NewRun(String id, String component, ComponentKind kind, byte[] input, String idempotencyKey, long createdAtMs,
                     Long deadlineAtMs, String concurrencyKey) {

    public NewRun(String id, String component, ComponentKind kind, byte[] input, String idempotencyKey, long createdAtMs,
                  Long deadlineAtMs) {
        this(id, component, kind, input, idempotencyKey, createdAtMs, deadlineAtMs, null);
    }
}
