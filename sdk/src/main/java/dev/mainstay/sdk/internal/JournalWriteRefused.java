package dev.mainstay.sdk.internal;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** The runtime refused a journal write for a reason other than fencing (payload limit, conflict). */
public final class JournalWriteRefused extends MainstayException {
    public JournalWriteRefused(ErrorCode code, String message) {
        super(code, message);
    }
}
