package dev.mainstay.store;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** A write would have passed the bound on what one run's journal may hold: the run failed instead. */
public final class JournalTooLargeException extends MainstayException {
    private final String runId;

    JournalTooLargeException(String runId, String what) {
        super(ErrorCode.JOURNAL_TOO_LARGE, "run " + runId + " would hold " + what + "; it failed with JOURNAL_TOO_LARGE"
                + " and nothing more is written. Keep fewer steps in one run (start a child run, or continue in a new"
                + " run with its state as input), or raise the bound");
        this.runId = runId;
    }

    public String runId() {
        return runId;
    }
}
