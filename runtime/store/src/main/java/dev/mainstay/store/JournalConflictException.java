package dev.mainstay.store;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** An append named a position that is taken or leaves a gap; the journal is left as it was. */
public final class JournalConflictException extends MainstayException {
    public JournalConflictException(String runId, int position, int expected) {
        super(ErrorCode.JOURNAL_CONFLICT, "run " + runId + " expects journal position " + expected
                + " next, the append was for position " + position + "; nothing was written");
    }
}
