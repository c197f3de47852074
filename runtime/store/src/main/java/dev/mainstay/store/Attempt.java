package dev.mainstay.store;

/**
 * A failed attempt of the step at {@code position}, recorded before the retry (so the count survives
 * crashes). {@code retryAtMs} is when the next attempt may start, null when there is none.
 */
public record Attempt(int position, int attempt, String kind, String name, Failure failure,
                      long startedAtMs, long finishedAtMs, Long retryAtMs) {}
