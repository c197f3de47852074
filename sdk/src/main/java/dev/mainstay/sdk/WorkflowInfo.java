package dev.mainstay.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A workflow as its workers registered it and as operators set it ({@link MainstayClient#workflow}):
 * its input schema (or null), run timeout, concurrency limit with its key or its queue, rate limit
 * ("100/1m") with its key, upgrade mode (PINNED or LATEST); whether it is paused, by whom and since
 * when; its own retention ("7d", or null) and the runtime's (null: runs are kept).
 */
public record WorkflowInfo(String workflow, String namespace, JsonNode inputSchema, Long runTimeoutMs,
                           Integer maxConcurrency, String concurrencyKey, String queue, String rateLimit, String rateKey,
                           String upgrade, boolean paused, Instant pausedAt, String pausedBy, String retention,
                           String runtimeRetention) {}
