package dev.mainstay.sdk;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/**
 * Replay found a different operation at a journal position than the one recorded there: the
 * workflow code changed in a way that breaks runs already in flight. The run fails; its journal is
 * left intact, so the run can be inspected or replayed with the code it was started with.
 */
public final class NonDeterminismException extends MainstayException {
    private final String runId;
    private final int position;
    private final String expected;
    private final String actual;

    public NonDeterminismException(String runId, int position, String expected, String actual) {
        super(ErrorCode.NON_DETERMINISM, "run " + runId + ": journal position " + position + " was " + expected
                + " when recorded but is " + actual + " now; keep the workflow body deterministic (put changes"
                + " behind new workflow names or versions)");
        this.runId = runId;
        this.position = position;
        this.expected = expected;
        this.actual = actual;
    }

    public String runId() { return runId; }
    public int position() { return position; }
    public String expected() { return expected; }
    public String actual() { return actual; }
}
