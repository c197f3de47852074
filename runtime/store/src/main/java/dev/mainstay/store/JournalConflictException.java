package dev.mainstay.store;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** A write named a journal position (or attempt) it cannot take; the journal is left as it was. */
public final class JournalConflictException extends MainstayException {
    public JournalConflictException(String runId, int position, String why) {
        super(ErrorCode.JOURNAL_CONFLICT, "run " + runId + " refused a write at journal position " + position + ": "
                + why + "; nothing was written");
    }
}
