package dev.mainstay.sdk;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A schedule to create (or replace, when {@code id} names one): exactly one of {@code cron} (5
 * fields, read in {@code timeZone}, UTC when null) and {@code everyMs}. {@code misfire}: skip (the
 * default), fire-once or catch-up.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleRequest(String id, String workflow, String cron, Long everyMs, String timeZone, Object input,
                              String misfire) {

    public static ScheduleRequest cron(String workflow, String cron, String timeZone) {
        return new ScheduleRequest(null, workflow, cron, null, timeZone, null, null);
    }

    public static ScheduleRequest every(String workflow, java.time.Duration every) {
        return new ScheduleRequest(null, workflow, null, every.toMillis(), null, null, null);
    }

    public ScheduleRequest withId(String id) {
        return new ScheduleRequest(id, workflow, cron, everyMs, timeZone, input, misfire);
    }

    public ScheduleRequest withInput(Object input) {
        return new ScheduleRequest(id, workflow, cron, everyMs, timeZone, input, misfire);
    }

    public ScheduleRequest withMisfire(Misfire misfire) {
        return new ScheduleRequest(id, workflow, cron, everyMs, timeZone, input, misfire.name().toLowerCase().replace('_', '-'));
    }
}
