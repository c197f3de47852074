package dev.mainstay.store;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/**
 * The store cannot take this write now: its write queue is full (back off and retry), it did not
 * commit in time, or its writer failed (the process is going down; retry against the restarted
 * runtime). Nothing of the write was committed unless {@link #mayHaveCommitted()} says otherwise.
 */
public final class StoreUnavailableException extends MainstayException {
    private final boolean mayHaveCommitted;
    private final long retryAfterMs;

    private StoreUnavailableException(String message, boolean mayHaveCommitted, long retryAfterMs, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message, cause);
        this.mayHaveCommitted = mayHaveCommitted;
        this.retryAfterMs = retryAfterMs;
    }

    static StoreUnavailableException queueFull(int queued, int limit) {
        return new StoreUnavailableException("the store's write queue is full (" + queued + " writes queued, limit "
                + limit + ", --max-queued-writes); nothing was written: retry after a short wait", false, 1_000, null);
    }

    static StoreUnavailableException writerFailed(Throwable cause) {
        return new StoreUnavailableException("the store's writer failed (" + cause + "); nothing more is written"
                + " and the runtime is stopping: retry once it has restarted", false, 5_000, cause);
    }

    static StoreUnavailableException commitFailed(Throwable cause) {
        return new StoreUnavailableException("the store could not commit (" + cause + "); nothing of this write was"
                + " written: retry after a short wait (a full disk or an I/O error: see the runtime log)", false, 1_000, cause);
    }

    static StoreUnavailableException closed() {
        return new StoreUnavailableException("the store is closed (the runtime is stopping); retry once it has restarted",
                false, 5_000, null);
    }

    /** A caller stopped waiting for a commit: the write is still queued and may yet commit. */
    public static StoreUnavailableException timedOut(long waitedMs) {
        return new StoreUnavailableException("the store did not commit within " + waitedMs + " ms; the write may still"
                + " commit: read the state again before retrying (an Idempotency-Key makes a retried start safe)",
                true, 1_000, null);
    }

    /** A read the caller cannot do without failed ({@code what}: "check the token", say). */
    public static StoreUnavailableException readFailed(String what, Throwable cause) {
        return new StoreUnavailableException("the store could not be read to " + what + " (" + cause.getMessage()
                + "); retry after a short wait", false, 1_000, cause);
    }

    /** Whether the write may still commit (a timeout), so a retry must be idempotent. */
    public boolean mayHaveCommitted() {
        return mayHaveCommitted;
    }

    /** How long a caller should wait before retrying. */
    public long retryAfterMs() {
        return retryAfterMs;
    }
}
