package dev.mainstay.store;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** A write carried an epoch that is no longer the run's: its sender lost the lease and must stop. */
public final class StaleEpochException extends MainstayException {
    private final String runId;
    private final long epoch;
    private final long currentEpoch;

    public StaleEpochException(String runId, long epoch, long currentEpoch) {
        super(ErrorCode.STALE_EPOCH, "run " + runId + " is held under epoch " + currentEpoch
                + ", the write carried epoch " + epoch + "; the sender lost the run and must abandon it");
        this.runId = runId;
        this.epoch = epoch;
        this.currentEpoch = currentEpoch;
    }

    public String runId() { return runId; }
    public long epoch() { return epoch; }
    public long currentEpoch() { return currentEpoch; }
}
