package dev.mainstay.engine;

/** Where the engine sends a run that needs a worker: the coordinator's dispatch queue. */
@FunctionalInterface
public interface ReadyRuns {
    void ready(String runId, String component);

    /** A run of {@code component} ended: runs held back by its concurrency limit may go now. */
    default void ended(String component) {}

    /**
     * The runtime took a run from its holder (its run deadline passed, its epoch moved on): the
     * holder's slot is free from now on, and its worker should stop working on it.
     */
    default void taken(String runId) {}
}
