package dev.mainstay.coordinator;

import java.util.Collection;

/**
 * What the coordinator asks of, and tells, the runtime's telemetry. Called on transport and store
 * threads: implementations answer from memory where they can and never throw.
 */
public interface DispatchTelemetry {

    /** The W3C traceparent of the run's span, sent in its dispatch so user code can enrich it; null for none. */
    default String traceParent(String runId) {
        return null;
    }

    /** JSON field names a worker declared secret (its {@code @Redact} fields). */
    default void redactedFields(Collection<String> names) {}

    /** A worker went silent past its lease and lost its stream. */
    default void leaseExpired(String workerId) {}
}
