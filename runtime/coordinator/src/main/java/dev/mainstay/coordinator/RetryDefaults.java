package dev.mainstay.coordinator;

/**
 * The runtime-wide retry policy, sent with every dispatch for steps whose code and worker set none.
 * Defaults: 3 attempts, exponential from 1 s, doubling, capped at 60 s.
 */
public record RetryDefaults(int maxAttempts, long initialIntervalMs, double backoffCoefficient, long maxIntervalMs) {
    public RetryDefaults {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("--retry-max-attempts was " + maxAttempts + "; use at least 1");
        }
        if (initialIntervalMs < 0 || maxIntervalMs < initialIntervalMs) {
            throw new IllegalArgumentException("retry intervals were " + initialIntervalMs + " ms initial, " + maxIntervalMs
                    + " ms max; use 0 <= initial <= max");
        }
        if (backoffCoefficient < 1) {
            throw new IllegalArgumentException("retry backoff coefficient was " + backoffCoefficient + "; use at least 1");
        }
    }

    public static RetryDefaults defaults() {
        return new RetryDefaults(3, 1_000, 2.0, 60_000);
    }

    public RetryDefaults withMaxAttempts(int maxAttempts) {
        return new RetryDefaults(maxAttempts, initialIntervalMs, backoffCoefficient, maxIntervalMs);
    }

    public RetryDefaults withInitialIntervalMs(long ms) {
        return new RetryDefaults(maxAttempts, ms, backoffCoefficient, Math.max(ms, maxIntervalMs));
    }

    dev.mainstay.protocol.v1.RetryDefaults toProto() {
        return dev.mainstay.protocol.v1.RetryDefaults.newBuilder().setMaxAttempts(maxAttempts)
                .setInitialIntervalMs(initialIntervalMs).setBackoffCoefficient(backoffCoefficient)
                .setMaxIntervalMs(maxIntervalMs).build();
    }
}
