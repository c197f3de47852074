package dev.mainstay.sdk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A schedule as the runtime reports it: a cron expression (in {@code timeZone}) or {@code everyMs};
 * {@code origin} is "annotation" ({@code @Workflow(cron = ...)}) or "api".
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduleInfo(String id, String workflow, String cron, Long everyMs, String timeZone, JsonNode input,
                           String misfire, String origin, Instant nextFireAt, Instant lastFiredAt, Instant createdAt) {}
