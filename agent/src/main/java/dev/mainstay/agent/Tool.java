package dev.mainstay.agent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method an {@link Agent} may call. Its JSON schema is derived from the signature (strings,
 * numbers, booleans, enums, lists, nested records, {@code Optional} parameters) and the
 * {@link Param} descriptions. The model's arguments are checked against that schema before the
 * method runs; a misfit goes back to the model as a tool error, and so does an exception the method
 * throws. Inside a workflow each call is a journaled step: after a crash a finished call is not run
 * again.
 *
 * <pre>{@code
 * class Orders {
 *     @Tool(description = "Looks up an order by its id")
 *     public Order lookupOrder(@Param("the order id, e.g. o-1001") String orderId) { ... }
 *
 *     @Tool(description = "Refunds an order", requiresApproval = true)
 *     public String refund(@Param("the order id") String orderId, @Param("amount in EUR") double amount) { ... }
 * }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Tool {
    /** What the tool does, for the model. */
    String description();

    /** The tool's name for the model; default the method's name. */
    String name() default "";

    /**
     * When true, each call waits for a human's approval first (a durable wait, no thread held):
     * the run waits for the event {@code approve-<tool name>} with a boolean, sent with
     * {@code POST /v1/runs/{id}/events/approve-<tool>} or {@code mainstay events send}. A rejection
     * reaches the model as the tool's result, and the method does not run.
     */
    boolean requiresApproval() default false;
}
