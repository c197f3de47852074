package dev.mainstay.engine;

/**
 * A schedule as a user declares it: a workflow started on a cron expression (5 fields, Unix style,
 * in {@code timeZone}) or every {@code intervalMs}, with a fixed input (JSON, may be null), and what
 * to do with slots missed while the runtime was down ({@code misfire}: skip, fire-once, catch-up).
 */
public record ScheduleDefinition(String id, String workflow, String cron, Long intervalMs, String timeZone, byte[] input,
                                 Misfire misfire) {

    /** Slots missed by more than a minute (the runtime was down, or busy) are misfires. */
    public enum Misfire {
        /** Missed slots are dropped; the schedule goes on from the next one. */
        SKIP,
        /** One run for the latest missed slot, then on from the next one. */
        FIRE_ONCE,
        /** One run for every missed slot (at most 1,000), oldest first. */
        CATCH_UP;

        public static Misfire parse(String text) {
            for (Misfire m : values()) {
                if (m.name().equalsIgnoreCase(text.replace('-', '_'))) {
                    return m;
                }
            }
            throw new InvalidScheduleException("misfire policy '" + text + "' is unknown; use skip, fire-once or catch-up");
        }

        public String label() {
            return name().toLowerCase().replace('_', '-');
        }
    }
}
