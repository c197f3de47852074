package dev.mainstay.engine;

/**
 * Something a worker reported about a run while it happened, for the run's live watchers only: it
 * is not journaled, so a replay or a watcher that connects later does not see it.
 */
public sealed interface LiveEvent {
    int position();

    /** An attempt of the operation at {@code position} began. */
    record AttemptBegan(int position, String kind, String name, int attempt, long startedAtMs) implements LiveEvent {}

    /** A piece of the live output of the step at {@code position} (a model's tokens, say). */
    record Output(int position, String text) implements LiveEvent {}
}
