package dev.mainstay.store;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** A write reached a run that already has its final outcome; the outcome stays as committed. */
public final class RunAlreadyFinishedException extends MainstayException {
    public RunAlreadyFinishedException(String runId, RunStatus status) {
        super(ErrorCode.RUN_ALREADY_FINISHED, "run " + runId + " already finished as " + status + "; nothing was written");
    }
}
