package dev.mainstay.engine;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** The slots of a schedule: the instants a cron expression (in its zone) or a fixed interval names. */
final class Slots {
    private static final CronParser UNIX_CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final long MIN_INTERVAL_MS = 1_000;

    private final ExecutionTime cron;
    private final ZoneId zone;
    private final long intervalMs;
    private final long anchorMs;

    private Slots(ExecutionTime cron, ZoneId zone, long intervalMs, long anchorMs) {
        this.cron = cron;
        this.zone = zone;
        this.intervalMs = intervalMs;
        this.anchorMs = anchorMs;
    }

    /**
     * Checks a definition and returns its slots; interval slots are anchored at {@code anchorMs}
     * (the schedule's creation), so they do not drift with when the runtime happens to fire them.
     */
    static Slots of(String cronExpression, Long intervalMs, String timeZone, long anchorMs) {
        if ((cronExpression == null || cronExpression.isBlank()) == (intervalMs == null)) {
            throw new InvalidScheduleException("a schedule needs exactly one of a cron expression and an interval");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone == null || timeZone.isBlank() ? "UTC" : timeZone);
        } catch (DateTimeException e) {
            throw new InvalidScheduleException("time zone '" + timeZone + "' is unknown; use an IANA name such as Europe/Paris");
        }
        if (intervalMs != null) {
            if (intervalMs < MIN_INTERVAL_MS) {
                throw new InvalidScheduleException("interval was " + intervalMs + " ms; use at least " + MIN_INTERVAL_MS + " ms");
            }
            return new Slots(null, zone, intervalMs, anchorMs);
        }
        try {
            return new Slots(ExecutionTime.forCron(UNIX_CRON.parse(cronExpression.trim()).validate()), zone, 0, anchorMs);
        } catch (IllegalArgumentException e) {
            throw new InvalidScheduleException("cron expression '" + cronExpression + "' is not valid: " + e.getMessage()
                    + " (use 5 fields: minute hour day-of-month month day-of-week, e.g. '0 9 * * MON-FRI')");
        }
    }

    /** The first slot strictly after {@code afterMs}; Long.MAX_VALUE when the expression names no more. */
    long after(long afterMs) {
        if (cron == null) {
            long elapsed = Math.max(0, afterMs - anchorMs);
            return anchorMs + (elapsed / intervalMs + 1) * intervalMs;
        }
        return cron.nextExecution(ZonedDateTime.ofInstant(Instant.ofEpochMilli(afterMs), zone))
                .map(next -> next.toInstant().toEpochMilli())
                .orElse(Long.MAX_VALUE);
    }
}
