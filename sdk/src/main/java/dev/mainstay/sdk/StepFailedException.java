package dev.mainstay.sdk;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/**
 * A step threw. The failure is journaled, so a replay throws this again with the same name,
 * position, exception type and message (the original exception is the cause only on the first run).
 * Catch it in the workflow to compensate; left uncaught it fails the run.
 */
public final class StepFailedException extends MainstayException {
    private final String stepName;
    private final int position;
    private final String errorType;
    private final String errorMessage;

    public StepFailedException(String stepName, int position, String errorType, String errorMessage, Throwable cause) {
        super(ErrorCode.STEP_FAILED, "step " + position + " '" + stepName + "' failed: " + errorType
                + (errorMessage == null ? "" : ": " + errorMessage), cause);
        this.stepName = stepName;
        this.position = position;
        this.errorType = errorType;
        this.errorMessage = errorMessage;
    }

    public String stepName() { return stepName; }
    public int position() { return position; }
    /** The class name of the exception the step threw. */
    public String errorType() { return errorType; }
    public String errorMessage() { return errorMessage; }
}
