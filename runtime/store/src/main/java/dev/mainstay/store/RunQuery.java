package dev.mainstay.store;

import java.util.List;

/**
 * A page of runs, newest first. Null filters match everything; {@code afterId} is the cursor
 * (the last id of the previous page). {@code createdFromMs} (inclusive) and {@code createdToMs}
 * (exclusive) bound the creation time, {@code idempotencyKey} and {@code tag} match exactly;
 * {@code componentPrefix} keeps the runs whose component starts with it (a namespace's runs).
 * {@code paused}: true keeps the runs shown as PAUSED (paused, PENDING or SUSPENDED), false the others.
 * {@code attributes}: each must match (see {@link AttributeFilter}); at most {@value AttributeFilter#MAX_PER_QUERY}.
 */
public record RunQuery(String component, RunStatus status, String afterId, int limit,
                       Long createdFromMs, Long createdToMs, String idempotencyKey, String tag,
                       String componentPrefix, Boolean paused, List<AttributeFilter> attributes) {
    public RunQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit was " + limit + "; use 1..1000");
        }
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
        if (attributes.size() > AttributeFilter.MAX_PER_QUERY) {
            throw new InvalidAttributeException("a runs query takes at most " + AttributeFilter.MAX_PER_QUERY
                    + " attribute filters; " + attributes.size() + " were given");
        }
    }

    public RunQuery(String component, RunStatus status, String afterId, int limit,
                    Long createdFromMs, Long createdToMs, String idempotencyKey, String tag, String componentPrefix) {
        this(component, status, afterId, limit, createdFromMs, createdToMs, idempotencyKey, tag, componentPrefix, null,
                List.of());
    }

    public RunQuery(String component, RunStatus status, String afterId, int limit) {
        this(component, status, afterId, limit, null, null, null, null, null, null, List.of());
    }

    /** This query, of the runs shown as PAUSED (true) or of the others (false). */
    public RunQuery withPaused(Boolean paused) {
        return new RunQuery(component, status, afterId, limit, createdFromMs, createdToMs, idempotencyKey, tag,
                componentPrefix, paused, attributes);
    }

    /** This query, of the runs whose attributes match every one of {@code filters}. */
    public RunQuery withAttributes(List<AttributeFilter> filters) {
        return new RunQuery(component, status, afterId, limit, createdFromMs, createdToMs, idempotencyKey, tag,
                componentPrefix, paused, filters);
    }
}
