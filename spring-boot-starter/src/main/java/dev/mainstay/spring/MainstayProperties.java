package dev.mainstay.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code mainstay.*} properties. Spring's relaxed binding also reads them from the SDK's own
 * environment variables ({@code MAINSTAY_GRPC_TARGET}, {@code MAINSTAY_TOKEN}), so a worker
 * configured for the plain SDK keeps its settings under Spring Boot.
 *
 * <pre>{@code
 * mainstay.url=http://127.0.0.1:7676
 * mainstay.grpc-target=127.0.0.1:7677
 * mainstay.token=${MAINSTAY_TOKEN}
 * mainstay.worker.capacity=200
 * }</pre>
 *
 * @param url HTTP address of the runtime (or of its nodes, comma-separated) for the MainstayClient bean.
 * @param grpcTarget gRPC address (host:port) of the runtime, or of its nodes comma-separated, for the
 *     worker. Unset: $MAINSTAY_GRPC_TARGET, else 127.0.0.1:7677.
 * @param token Token of the client and the worker (a worker or admin token). Unset: $MAINSTAY_TOKEN.
 * @param namespace Namespace the client acts in and the worker serves. Unset: $MAINSTAY_NAMESPACE, else the
 *     token's own.
 * @param tlsCa PEM file of the CA that signed the runtime's certificate (an https:// url, a worker on TLS).
 *     Unset: $MAINSTAY_TLS_CA, else the JVM's trust store for https:// and plaintext gRPC.
 * @param worker Worker serving the application's workflows.
 */
@ConfigurationProperties("mainstay")
public record MainstayProperties(
        @DefaultValue("http://127.0.0.1:7676") String url,
        String grpcTarget,
        String token,
        String namespace,
        java.nio.file.Path tlsCa,
        @DefaultValue WorkerProperties worker) {

    /** A blank value (such as {@code mainstay.token=${MAINSTAY_TOKEN:}} with the variable unset) counts as unset. */
    public MainstayProperties {
        grpcTarget = blankToNull(grpcTarget);
        token = blankToNull(token);
        namespace = blankToNull(namespace);
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("mainstay.url is blank; give the runtime's HTTP address, e.g. http://127.0.0.1:7676");
        }
    }

    /**
     * The {@code mainstay.worker.*} properties.
     *
     * @param enabled Whether a worker is configured at all; false: the application only starts and reads runs.
     * @param autoStartup Whether the worker connects when the application context starts; false: start the
     *     MainstayWorkerLifecycle bean yourself.
     * @param capacity Runs the worker executes at once (suspended runs do not count).
     * @param id Id the worker registers with. Unset: the JVM's pid@host.
     * @param drainTimeout How long the shutdown lets the steps in flight finish before giving their runs back.
     * @param inWorkerBackoff Retry backoffs and sleeps up to this long are waited out in the run's thread; longer
     *     ones hand the run back to the runtime, which wakes it from a durable timer.
     */
    public record WorkerProperties(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("true") boolean autoStartup,
            @DefaultValue("1000") int capacity,
            String id,
            @DefaultValue("10s") Duration drainTimeout,
            @DefaultValue("500ms") Duration inWorkerBackoff) {

        public WorkerProperties {
            if (capacity < 1) {
                throw new IllegalArgumentException("mainstay.worker.capacity was " + capacity + "; it must be at least 1");
            }
            if (drainTimeout.isNegative()) {
                throw new IllegalArgumentException("mainstay.worker.drain-timeout was " + drainTimeout + "; use zero or more");
            }
            if (inWorkerBackoff.isNegative()) {
                throw new IllegalArgumentException("mainstay.worker.in-worker-backoff was " + inWorkerBackoff + "; use zero or more");
            }
            id = blankToNull(id);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
