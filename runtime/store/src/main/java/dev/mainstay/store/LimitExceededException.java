package dev.mainstay.store;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** A bounded resource is full (a run's event inbox, the number of schedules); nothing was written. */
public final class LimitExceededException extends MainstayException {
    public LimitExceededException(String message) {
        super(ErrorCode.LIMIT_EXCEEDED, message);
    }
}
