package dev.mainstay.store;

/**
 * A page of runs, newest first. Null filters match everything; {@code afterId} is the cursor
 * (the last id of the previous page).
 */
public record RunQuery(String component, RunStatus status, String afterId, int limit) {
    public RunQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit was " + limit + "; use 1..1000");
        }
    }
}
