package dev.mainstay.store;

import java.util.List;

/**
 * A run to create. {@code idempotencyKey}, {@code deadlineAtMs} (whole-run timeout),
 * {@code concurrencyKey} (the run's value of its workflow's concurrency key field) and
 * {@code traceParent} (the caller's W3C traceparent) and {@code startedBy} (the id of the token that
 * started it) may be null; {@code tags} may be empty.
 */
public record NewRun(String id, String component, ComponentKind kind, byte[] input, String idempotencyKey, long createdAtMs,
                     Long deadlineAtMs, String concurrencyKey, String traceParent, List<String> tags, String startedBy) {
    public NewRun {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public NewRun(String id, String component, ComponentKind kind, byte[] input, String idempotencyKey, long createdAtMs,
                  Long deadlineAtMs, String concurrencyKey) {
        this(id, component, kind, input, idempotencyKey, createdAtMs, deadlineAtMs, concurrencyKey, null, List.of(), null);
    }

    public NewRun(String id, String component, ComponentKind kind, byte[] input, String idempotencyKey, long createdAtMs,
                  Long deadlineAtMs) {
        this(id, component, kind, input, idempotencyKey, createdAtMs, deadlineAtMs, null);
    }
}
