package dev.mainstay.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a function: a named unit of work {@code O name(I input)}. Started through the gateway it is
 * a durable run of its own; called from a workflow with {@link WorkflowContext#call} it is a
 * journaled step of that workflow.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Function {
    /** The function's name; the method name when empty. */
    String name() default "";

    /**
     * Each attempt must finish within this many milliseconds (0: no limit), or the runtime takes the
     * run from its worker, refuses the late result and retries per the retry policy.
     */
    long timeoutMs() default 0;
}
