package dev.mainstay.store;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** A claim would admit a run past its workflow's concurrency limit: it stays queued, nothing was written. */
public final class ConcurrencyLimitReachedException extends MainstayException {
    public ConcurrencyLimitReachedException(String runId, String component, String key, int max) {
        this(runId, component, null, key, max);
    }

    /** In a named queue ({@code queue} not null), the limit counts the runs of all its workflows. */
    public ConcurrencyLimitReachedException(String runId, String component, String queue, String key, int max) {
        super(ErrorCode.CONCURRENCY_LIMITED, "run " + runId + " waits: " + (queue == null ? "'" + component + "' runs"
                : "the workflows of queue '" + queue + "' (with '" + component + "') run") + " at most " + max
                + " at once" + (key == null || key.isEmpty() ? "" : " per key " + key));
    }
}
