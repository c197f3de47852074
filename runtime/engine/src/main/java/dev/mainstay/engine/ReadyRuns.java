package dev.mainstay.engine;

/** Where the engine sends a run that needs a worker: the coordinator's dispatch queue. */
@FunctionalInterface
public interface ReadyRuns {
    /**
     * A run needs a worker; it waits behind runs of higher priority and, within its priority, behind
     * those that were ready before it. True when a worker of this node will take it; false when none
     * here can (none serves its component, or none has a free slot), and the other nodes are told.
     */
    boolean ready(dev.mainstay.store.ReadyRun run);

    /**
     * A free slot of a worker of this node, held for {@code run}, which is about to start, so that its
     * start also claims it, in one commit. Empty when no worker here has a free slot for it, or runs
     * of its component wait here already (a new run does not pass them): the start then goes the
     * usual way, {@link #ready} once committed.
     */
    default java.util.Optional<Reservation> reserve(dev.mainstay.store.ReadyRun run) {
        return java.util.Optional.empty();
    }

    /** A slot held for a run being started (see {@link #reserve}); settled exactly once. */
    interface Reservation {
        String workerId();

        /** The build of the worker whose slot it is (null: it names none). */
        String buildId();

        /**
         * The start committed and claimed the run ({@code claim}), or claimed nothing (empty, with
         * {@code refused} when the run's limits or build refused the claim), or failed (empty, null).
         */
        void settled(java.util.Optional<dev.mainstay.store.Claim> claim, Throwable refused);
    }

    /**
     * Another node said runs of {@code components} wait (null: anything may wait): this node's workers
     * with free slots look for them in the store.
     */
    default void scan(java.util.Set<String> components) {}

    /** A run of {@code component} ended: runs held back by its concurrency limit may go now. */
    default void ended(String component) {}

    /**
     * The runtime took a run from its holder (its run deadline passed, its epoch moved on): the
     * holder's slot is free from now on, and its worker should stop working on it.
     */
    default void taken(String runId) {}
}
