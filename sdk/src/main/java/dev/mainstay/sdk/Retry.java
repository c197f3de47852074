package dev.mainstay.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The retry policy of a {@link Function} (when called or invoked), or of every step of a
 * {@link Workflow} that sets none itself. Replaces the worker's and the runtime's defaults; the
 * attributes left out take {@link RetryPolicy#defaults()}.
 *
 * <pre>{@code
 * @Function
 * @Retry(maxAttempts = 5, initialIntervalMs = 200, nonRetryable = CardDeclinedException.class)
 * public Charge charge(Order order) { ... }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Retry {
    int maxAttempts() default 3;

    long initialIntervalMs() default 1_000;

    double backoffCoefficient() default 2.0;

    long maxIntervalMs() default 60_000;

    Backoff backoff() default Backoff.EXPONENTIAL;

    double jitter() default 0.2;

    Class<? extends Throwable>[] nonRetryable() default {};
}
