package dev.mainstay.sdk;

/** A child run ended without a result: failed, cancelled or timed out. The same on every replay. */
public class ChildRunFailedException extends RuntimeException {
    private final String childRunId;
    private final RunStatus status;
    private final String errorCode;

    public ChildRunFailedException(String childRunId, RunStatus status, String errorCode, String message) {
        super("child run " + childRunId + " ended " + status + (errorCode == null ? "" : " (" + errorCode + ")")
                + (message == null ? "" : ": " + message));
        this.childRunId = childRunId;
        this.status = status;
        this.errorCode = errorCode;
    }

    public String childRunId() { return childRunId; }

    public RunStatus status() { return status; }

    /** The child's error code, such as STEP_FAILED, CANCELLED or RUN_TIMED_OUT. */
    public String errorCode() { return errorCode; }
}
