package dev.mainstay.sdk.internal;

import dev.mainstay.protocol.v1.RetryDefaults;
import dev.mainstay.sdk.Backoff;
import dev.mainstay.sdk.Retry;
import dev.mainstay.sdk.RetryPolicy;
import dev.mainstay.sdk.StepOptions;
import java.time.Duration;
import java.util.List;

/**
 * Which retry policy a step gets: its own options, else the {@code @Retry} of the function it calls
 * or of its workflow, else the worker's default, else the runtime's, else {@link RetryPolicy#defaults()}.
 */
record RetryPolicies(RetryPolicy workflow, RetryPolicy worker, RetryPolicy runtime) {

    static RetryPolicies none() {
        return new RetryPolicies(null, null, null);
    }

    RetryPolicy forStep(StepOptions options) {
        return first(options == null ? null : options.retry(), workflow);
    }

    RetryPolicy forCall(RetryPolicy function) {
        return first(function, workflow);
    }

    private RetryPolicy first(RetryPolicy own, RetryPolicy inherited) {
        if (own != null) {
            return own;
        }
        if (inherited != null) {
            return inherited;
        }
        if (worker != null) {
            return worker;
        }
        return runtime != null ? runtime : RetryPolicy.defaults();
    }

    static RetryPolicy of(Retry retry) {
        if (retry == null) {
            return null;
        }
        return new RetryPolicy(retry.maxAttempts(), Duration.ofMillis(retry.initialIntervalMs()), retry.backoffCoefficient(),
                Duration.ofMillis(retry.maxIntervalMs()), retry.backoff(), retry.jitter(), List.of(retry.nonRetryable()));
    }

    static RetryPolicy of(RetryDefaults defaults) {
        if (defaults == null || defaults.getMaxAttempts() < 1) {
            return null;
        }
        return RetryPolicy.defaults()
                .withMaxAttempts(defaults.getMaxAttempts())
                .withInitialInterval(Duration.ofMillis(defaults.getInitialIntervalMs()))
                .withMaxInterval(Duration.ofMillis(defaults.getMaxIntervalMs()))
                .withBackoffCoefficient(defaults.getBackoffCoefficient())
                .withBackoff(Backoff.EXPONENTIAL);
    }
}
