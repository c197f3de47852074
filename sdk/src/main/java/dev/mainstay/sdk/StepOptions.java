package dev.mainstay.sdk;

/**
 * Options of one step. {@code retry} null: the step inherits the policy of its workflow, worker or
 * runtime, in that order.
 *
 * <pre>{@code
 * ctx.step("charge", Charge.class, StepOptions.defaults().withRetry(RetryPolicy.defaults().withMaxAttempts(5)),
 *          () -> payments.charge(order));
 * }</pre>
 */
public record StepOptions(RetryPolicy retry) {
    public static StepOptions defaults() {
        return new StepOptions(null);
    }

    public StepOptions withRetry(RetryPolicy retry) {
        return new StepOptions(retry);
    }
}
