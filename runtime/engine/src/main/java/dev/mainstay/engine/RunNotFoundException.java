package dev.mainstay.engine;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** No run has this id. */
public final class RunNotFoundException extends MainstayException {
    public RunNotFoundException(String runId) {
        super(ErrorCode.RUN_NOT_FOUND, "no run has id '" + runId + "'");
    }
}
