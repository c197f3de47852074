package dev.mainstay.store;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** A claim would admit a run past its workflow's concurrency limit: it stays queued, nothing was written. */
public final class ConcurrencyLimitReachedException extends MainstayException {
    public ConcurrencyLimitReachedException(String runId, String component, String key, int max) {
        super(ErrorCode.CONCURRENCY_LIMITED, "run " + runId + " waits: '" + component + "' runs at most " + max
                + " at once" + (key == null ? "" : " per key " + key));
    }
}
