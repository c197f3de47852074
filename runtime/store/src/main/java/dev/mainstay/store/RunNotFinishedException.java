package dev.mainstay.store;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** A restart asked of a run that is still live; only a finished run (COMPLETED, FAILED, CANCELLED) restarts. */
public final class RunNotFinishedException extends MainstayException {
    public RunNotFinishedException(String runId, RunStatus status) {
        super(ErrorCode.RUN_NOT_FINISHED, "run " + runId + " is " + status
                + "; only a COMPLETED, FAILED or CANCELLED run can be restarted (cancel it first, or wait for it)");
    }
}
