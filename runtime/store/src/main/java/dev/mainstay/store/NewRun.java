package dev.mainstay.store;

import java.util.List;

/**
 * A run to create. {@code idempotencyKey}, {@code deadlineAtMs} (whole-run timeout),
 * {@code concurrencyKey} (the run's value of its workflow's concurrency key field) and
 * {@code traceParent} (the caller's W3C traceparent) and {@code startedBy} (the id of the token that
 * started it) may be null; {@code tags} may be empty; {@code priority} (higher is dispatched first,
 * oldest first within one priority) is 0 unless given; {@code rateKey} is the run's value of its
 * workflow's rate key field ("" for one group), null when its workflow has no rate limit.
 */
public record NewRun(String id, String component, ComponentKind kind, byte[] input, String idempotencyKey, long createdAtMs,
                     Long deadlineAtMs, String concurrencyKey, String traceParent, List<String> tags, String startedBy,
                     int priority, String rateKey) {
    /** The range {@code priority} may take (higher is dispatched first; 0 is the default). */
    public static final int MIN_PRIORITY = -1000;
    public static final int MAX_PRIORITY = 1000;

    public NewRun {
        tags = tags == null ? List.of() : List.copyOf(tags);
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("priority was " + priority + "; it must be between "
                    + MIN_PRIORITY + " and " + MAX_PRIORITY);
        }
    }

    public NewRun(String id, String component, ComponentKind kind, byte[] input, String idempotencyKey, long createdAtMs,
                  Long deadlineAtMs, String concurrencyKey, String traceParent, List<String> tags, String startedBy,
                  int priority) {
        this(id, component, kind, input, idempotencyKey, createdAtMs, deadlineAtMs, concurrencyKey, traceParent, tags,
                startedBy, priority, null);
    }

    public NewRun(String id, String component, ComponentKind kind, byte[] input, String idempotencyKey, long createdAtMs,
                  Long deadlineAtMs, String concurrencyKey, String traceParent, List<String> tags, String startedBy) {
        this(id, component, kind, input, idempotencyKey, createdAtMs, deadlineAtMs, concurrencyKey, traceParent, tags,
                startedBy, 0);
    }

    /** This run with {@code priority}. */
    public NewRun withPriority(int priority) {
        return new NewRun(id, component, kind, input, idempotencyKey, createdAtMs, deadlineAtMs, concurrencyKey,
                traceParent, tags, startedBy, priority, rateKey);
    }

    /** This run in the rate group {@code rateKey} of its workflow (null: its workflow has no rate limit). */
    public NewRun withRateKey(String rateKey) {
        return new NewRun(id, component, kind, input, idempotencyKey, createdAtMs, deadlineAtMs, concurrencyKey,
                traceParent, tags, startedBy, priority, rateKey);
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
