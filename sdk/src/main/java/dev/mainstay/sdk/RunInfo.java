package dev.mainstay.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.sdk.internal.Json;
import java.time.Instant;

/**
 * A run as the runtime reports it. {@code output} is set when COMPLETED, {@code error} when FAILED,
 * {@code parentId} when another run started it as a child. {@code startedBy} and {@code cancelledBy}
 * are the ids of the tokens that started it and first asked to cancel it (null for the runtime's own
 * starts, such as children and schedules, and with auth off). {@code pausedAt} and {@code pausedBy}
 * while it is paused ({@link MainstayClient#pause}). {@code priority}: higher runs are dispatched
 * first when runs wait for a worker ({@link StartOptions#withPriority}). {@code debounceKey} when a
 * debounced start made it ({@link StartOptions#withDebounce}), {@code debouncing} while later starts
 * with that key still replace its input. {@code attributes}: the
 * run's search attributes ({@code ctx.setAttribute}), by name: a String, a Long or Double, a
 * Boolean, or a time as an ISO-8601 String; empty when it has none.
 */
public record RunInfo(
        String id,
        String workflow,
        String kind,
        RunStatus status,
        JsonNode input,
        JsonNode output,
        ErrorInfo error,
        String idempotencyKey,
        long epoch,
        String workerId,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt,
        Long durationMs,
        Instant wakeAt,
        String waitingFor,
        String parentId,
        String namespace,
        String startedBy,
        String cancelledBy,
        Instant pausedAt,
        String pausedBy,
        int priority,
        java.util.Map<String, Object> attributes,
        String debounceKey,
        boolean debouncing) {

    public RunInfo {
        attributes = attributes == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(attributes));
    }

    /** The output read as {@code type}. */
    public <T> T output(Class<T> type) {
        return Json.MAPPER.convertValue(output, type);
    }
}
