package dev.mainstay.sdk;

import java.time.Instant;

/** A failed attempt of the step at {@code position}; {@code retryAt} is when the next one was due. */
public record AttemptInfo(int position, int attempt, String kind, String name, ErrorInfo error, Instant startedAt,
                          Instant finishedAt, long durationMs, Instant retryAt) {}
