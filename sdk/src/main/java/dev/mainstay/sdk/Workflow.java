package dev.mainstay.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a workflow: a deterministic method {@code R name(WorkflowContext ctx, I input)} (or without
 * the input). Its body runs again from the top on every replay, so everything it does that is not
 * deterministic (I/O, clocks, randomness) goes through the {@link WorkflowContext}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Workflow {
    /** The workflow's name; the method name when empty. */
    String name() default "";

    /**
     * A run that has not finished this many milliseconds after its start fails with RUN_TIMED_OUT
     * (0: no limit). Enforced by the runtime from a durable timer, also across restarts.
     */
    long runTimeoutMs() default 0;
}
