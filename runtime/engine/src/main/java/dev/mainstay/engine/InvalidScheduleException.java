package dev.mainstay.engine;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** A schedule that cannot be kept: a bad cron expression, time zone or interval, or both or neither. */
public final class InvalidScheduleException extends MainstayException {
    public InvalidScheduleException(String message) {
        super(ErrorCode.INVALID_SCHEDULE, message);
    }
}
