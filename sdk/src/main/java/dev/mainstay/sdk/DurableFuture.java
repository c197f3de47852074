package dev.mainstay.sdk;

/**
 * The result of a step started with {@link WorkflowContext#stepAsync}: it runs beside the workflow
 * body, and its outcome is journaled at the position it took when it was started, so a replay
 * assigns the same positions whatever order the results arrived in.
 */
public interface DurableFuture<T> {

    /** Waits for the step; its result, or its failure as {@link StepFailedException}. */
    T await();

    /** True once the step's outcome is journaled. */
    boolean isDone();
}
