package dev.mainstay.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One journal entry of a run: what ran at a position, what it got, how long it took. */
public record StepInfo(
        int position,
        String kind,
        String name,
        String status,
        JsonNode input,
        JsonNode output,
        ErrorInfo error,
        int attempt,
        Instant startedAt,
        Instant finishedAt,
        long durationMs) {}
