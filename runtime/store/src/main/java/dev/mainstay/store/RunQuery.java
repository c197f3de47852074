package dev.mainstay.store;

/**
 * A page of runs, newest first. Null filters match everything; {@code afterId} is the cursor
 * (the last id of the previous page). {@code createdFromMs} (inclusive) and {@code createdToMs}
 * (exclusive) bound the creation time, {@code idempotencyKey} and {@code tag} match exactly;
 * {@code componentPrefix} keeps the runs whose component starts with it (a namespace's runs).
 */
public record RunQuery(String component, RunStatus status, String afterId, int limit,
                       Long createdFromMs, Long createdToMs, String idempotencyKey, String tag,
                       String componentPrefix) {
    public RunQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit was " + limit + "; use 1..1000");
        }
    }

    public RunQuery(String component, RunStatus status, String afterId, int limit) {
        this(component, status, afterId, limit, null, null, null, null, null);
    }
}
