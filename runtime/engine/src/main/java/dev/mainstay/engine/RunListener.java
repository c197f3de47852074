package dev.mainstay.engine;

import dev.mainstay.store.Attempt;
import dev.mainstay.store.JournalEntry;
import dev.mainstay.store.RunRecord;
import java.util.Map;

/**
 * Told what the engine committed, for telemetry (traces, metrics). Every method is called after
 * the write is durable, often on the store's writer thread: an implementation must not block (hand
 * the work to a thread of its own) and must not throw. Defaults ignore the event.
 */
public interface RunListener {

    /** A new run was created (not for a start that returned an existing run). */
    default void started(RunRecord run) {}

    /** A run was taken for dispatch to a worker under a new epoch. */
    default void claimed(RunRecord run, long epoch, String workerId) {}

    /**
     * A journal entry was committed. {@code spanAttributes} are what user code set on the span of
     * the operation ({@code ctx.span()} in the step), empty when none.
     */
    default void appended(String runId, JournalEntry entry, Map<String, String> spanAttributes) {}

    /** An attempt failed and another will follow (or the step timed out before its last attempt). */
    default void attemptFailed(String runId, Attempt attempt, Map<String, String> spanAttributes) {}

    /** The run suspended to wait for an event {@code name} at {@code position}. */
    default void waiting(String runId, int position, String name, long sinceMs) {}

    /** The run left its worker before finishing (worker gone, lease expired, drain). */
    default void released(String runId, long epoch) {}

    /**
     * The run has its final outcome. {@code spanAttributes} are what user code set on the run's
     * span from the workflow body, empty when none (or when the run did not end through its worker).
     */
    default void finished(RunRecord run, Map<String, String> spanAttributes) {}
}
