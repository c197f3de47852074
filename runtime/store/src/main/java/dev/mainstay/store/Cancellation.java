package dev.mainstay.store;

/**
 * A cancel request's effect: the run as it is now, and whether it ended CANCELLED at once (it was not
 * held by a worker) or its holder ({@code workerId}, epoch in {@code run}) must be told.
 */
public record Cancellation(RunRecord run, boolean immediate) {}
