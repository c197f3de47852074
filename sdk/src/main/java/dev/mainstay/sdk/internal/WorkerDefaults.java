package dev.mainstay.sdk.internal;

import dev.mainstay.sdk.RetryPolicy;
import java.time.Duration;

/**
 * Worker-wide settings of runs: the default retry policy (null: the runtime's) and the longest
 * backoff a worker waits out in the run's thread (longer ones suspend the run on a durable timer).
 */
public record WorkerDefaults(RetryPolicy retry, Duration inWorkerBackoff) {}
