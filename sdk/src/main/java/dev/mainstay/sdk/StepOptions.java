package dev.mainstay.sdk;

import java.time.Duration;

/**
 * Options of one step. {@code retry} null: the step inherits the policy of its workflow, worker or
 * runtime, in that order. {@code timeout} null: none; otherwise each attempt must finish (or call
 * {@link WorkflowContext#heartbeat()}) within it, or the runtime takes the run from its worker,
 * refuses the late result, and retries the step per its policy.
 *
 * <pre>{@code
 * ctx.step("charge", Charge.class,
 *          StepOptions.defaults().withRetry(RetryPolicy.defaults().withMaxAttempts(5)).withTimeout(Duration.ofSeconds(10)),
 *          () -> payments.charge(order));
 * }</pre>
 */
public record StepOptions(RetryPolicy retry, Duration timeout) {
    public StepOptions {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout was " + timeout + "; use a positive duration, or null for none");
        }
    }

    public static StepOptions defaults() {
        return new StepOptions(null, null);
    }

    public StepOptions withRetry(RetryPolicy retry) {
        return new StepOptions(retry, timeout);
    }

    public StepOptions withTimeout(Duration timeout) {
        return new StepOptions(retry, timeout);
    }
}
