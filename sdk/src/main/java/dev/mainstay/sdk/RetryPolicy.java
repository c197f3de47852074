package dev.mainstay.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often, and how far apart, the runtime retries a failing step. {@code maxAttempts} counts the
 * first; waits start at {@code initialInterval} and grow by {@link Backoff} (exponential multiplies by
 * {@code backoffCoefficient}) up to {@code maxInterval}, each varied by up to ±{@code jitter} of itself.
 * Exceptions of a {@code nonRetryable} type (or its subtypes), annotated {@link NonRetryable}, or
 * extending {@link TerminalException} fail the step at once.
 *
 * <pre>{@code
 * RetryPolicy.defaults().withMaxAttempts(5).withInitialInterval(Duration.ofMillis(200))
 *     .withNonRetryable(List.of(CardDeclinedException.class));
 * }</pre>
 *
 * Defaults: 3 attempts, exponential from 1 s, ×2, capped at 60 s, jitter 0.2.
 */
public record RetryPolicy(int maxAttempts, Duration initialInterval, double backoffCoefficient, Duration maxInterval,
                          Backoff backoff, double jitter, List<Class<? extends Throwable>> nonRetryable) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts was " + maxAttempts + "; it counts the first attempt, so use at least 1");
        }
        Objects.requireNonNull(initialInterval, "initialInterval");
        Objects.requireNonNull(maxInterval, "maxInterval");
        Objects.requireNonNull(backoff, "backoff");
        if (initialInterval.isNegative() || maxInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException("intervals were initial " + initialInterval + ", max " + maxInterval
                    + "; use 0 <= initial <= max");
        }
        if (backoffCoefficient < 1) {
            throw new IllegalArgumentException("backoffCoefficient was " + backoffCoefficient + "; use at least 1");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter was " + jitter + "; use 0..1");
        }
        nonRetryable = List.copyOf(nonRetryable);
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), Backoff.EXPONENTIAL, 0.2, List.of());
    }

    /** One attempt only: a failure is final. */
    public static RetryPolicy none() {
        return defaults().withMaxAttempts(1);
    }

    public RetryPolicy withMaxAttempts(int n) {
        return new RetryPolicy(n, initialInterval, backoffCoefficient, maxInterval, backoff, jitter, nonRetryable);
    }

    public RetryPolicy withInitialInterval(Duration d) {
        return new RetryPolicy(maxAttempts, d, backoffCoefficient, max(d, maxInterval), backoff, jitter, nonRetryable);
    }

    public RetryPolicy withBackoffCoefficient(double c) {
        return new RetryPolicy(maxAttempts, initialInterval, c, maxInterval, backoff, jitter, nonRetryable);
    }

    public RetryPolicy withMaxInterval(Duration d) {
        return new RetryPolicy(maxAttempts, initialInterval, backoffCoefficient, d, backoff, jitter, nonRetryable);
    }

    public RetryPolicy withBackoff(Backoff b) {
        return new RetryPolicy(maxAttempts, initialInterval, backoffCoefficient, maxInterval, b, jitter, nonRetryable);
    }

    public RetryPolicy withJitter(double j) {
        return new RetryPolicy(maxAttempts, initialInterval, backoffCoefficient, maxInterval, backoff, j, nonRetryable);
    }

    public RetryPolicy withNonRetryable(List<Class<? extends Throwable>> types) {
        return new RetryPolicy(maxAttempts, initialInterval, backoffCoefficient, maxInterval, backoff, jitter, types);
    }

    /** Whether a failure of {@code attempt} (1-based) may be followed by another. */
    public boolean retries(Throwable failure, int attempt) {
        return attempt < maxAttempts && !isNonRetryable(failure);
    }

    public boolean isNonRetryable(Throwable failure) {
        if (failure instanceof TerminalException || failure.getClass().isAnnotationPresent(NonRetryable.class)) {
            return true;
        }
        return nonRetryable.stream().anyMatch(type -> type.isInstance(failure));
    }

    /** The wait after failed attempt {@code attempt} (1-based), before jitter. */
    public Duration intervalAfter(int attempt) {
        double base = initialInterval.toMillis();
        double ms = switch (backoff) {
            case CONSTANT -> base;
            case LINEAR -> base * attempt;
            case EXPONENTIAL -> base * Math.pow(backoffCoefficient, attempt - 1);
        };
        return Duration.ofMillis((long) Math.min(ms, maxInterval.toMillis()));
    }

    /** {@link #intervalAfter} varied by the jitter. */
    public Duration delayAfter(int attempt) {
        long ms = intervalAfter(attempt).toMillis();
        if (jitter == 0 || ms == 0) {
            return Duration.ofMillis(ms);
        }
        double factor = 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
        return Duration.ofMillis(Math.min(maxInterval.toMillis(), Math.round(ms * factor)));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
