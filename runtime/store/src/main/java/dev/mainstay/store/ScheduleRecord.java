package dev.mainstay.store;

/**
 * A schedule as stored: exactly one of {@code cron} and {@code intervalMs}; {@code origin} is
 * "annotation" (declared by a worker's {@code @Workflow(cron = ...)}) or "api".
 */
public record ScheduleRecord(String id, String workflow, String cron, Long intervalMs, String timeZone, byte[] input,
                             String misfire, String origin, long nextFireAtMs, Long lastFiredAtMs, long createdAtMs) {}
