package dev.mainstay.engine;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** No schedule has this id. */
public final class ScheduleNotFoundException extends MainstayException {
    public ScheduleNotFoundException(String id) {
        super(ErrorCode.SCHEDULE_NOT_FOUND, "no schedule has id '" + Namespaces.local(id) + "'; mainstay schedules list shows them");
    }
}
