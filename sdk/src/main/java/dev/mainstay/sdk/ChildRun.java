package dev.mainstay.sdk;

/** A child run started with {@link WorkflowContext#startChild}: its id now, its result when it ends. */
public interface ChildRun<T> {

    /** The child's run id, journaled in the parent: the same on every replay. */
    String runId();

    /**
     * Waits for the child to end and returns its result; throws {@link ChildRunFailedException} when
     * it failed, was cancelled or timed out. The parent is suspended while it waits (no thread), and
     * the outcome is journaled, so a replay returns it at once.
     */
    T result();
}
