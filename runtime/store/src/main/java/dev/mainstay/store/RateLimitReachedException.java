package dev.mainstay.store;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;
import dev.mainstay.protocol.RateLimit;

/**
 * A claim would begin a run past its workflow's rate limit: it stays PENDING, nothing was written.
 * {@link #retryAfterMs()} says when the oldest run in the window leaves it, freeing a place.
 */
public final class RateLimitReachedException extends MainstayException {
    private final String key;
    private final RateLimit limit;
    private final long retryAfterMs;

    public RateLimitReachedException(String runId, String component, String key, RateLimit limit, long retryAfterMs) {
        super(ErrorCode.RATE_LIMITED, "run " + runId + " waits: at most " + limit.count() + " runs of '" + component
                + "' begin per " + limit + " window" + (key == null || key.isEmpty() ? "" : " per key " + key)
                + "; a place frees in " + retryAfterMs + " ms");
        this.key = key;
        this.limit = limit;
        this.retryAfterMs = retryAfterMs;
    }

    /** The run's rate group: its value of the rate key field ("" for the one group). */
    public String key() {
        return key;
    }

    /** The limit that held the run back. */
    public RateLimit limit() {
        return limit;
    }

    /** How long from the refused claim until a place under the limit frees (at least 1). */
    public long retryAfterMs() {
        return retryAfterMs;
    }
}
