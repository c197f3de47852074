package dev.mainstay.store;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** An event could not be delivered: the run does not exist or already finished. Nothing was stored. */
public final class EventRefusedException extends MainstayException {
    public EventRefusedException(String runId, String why) {
        super(ErrorCode.EVENT_REFUSED, "the event for run " + runId + " was not stored: " + why);
    }
}
