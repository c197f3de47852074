package dev.mainstay.testing;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;
import dev.mainstay.sdk.RunStatus;

/**
 * A recorded run replayed against the current code failed where the recorded run had not (for
 * instance a step's recorded result no longer reads as the type the code asks for): a worker of this
 * code would fail the run the same way. The cause is what the body threw.
 */
public final class ReplayFailedException extends MainstayException {
    private final String runId;
    private final RunStatus recordedStatus;

    ReplayFailedException(String runId, String workflow, RunStatus recordedStatus, Throwable cause) {
        super(ErrorCode.WORKFLOW_FAILED, "run " + runId + " of '" + workflow + "' (" + recordedStatus
                + " when exported) fails when replayed against this code: " + cause
                + "; a worker of this code would fail the run the same way", cause);
        this.runId = runId;
        this.recordedStatus = recordedStatus;
    }

    public String runId() {
        return runId;
    }

    /** The run's status when it was exported. */
    public RunStatus recordedStatus() {
        return recordedStatus;
    }
}
