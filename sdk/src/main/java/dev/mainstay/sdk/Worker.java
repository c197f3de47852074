package dev.mainstay.sdk;

import dev.mainstay.protocol.v1.Component;
import dev.mainstay.protocol.v1.ComponentKind;
import dev.mainstay.protocol.v1.Register;
import dev.mainstay.sdk.internal.Components;
import dev.mainstay.sdk.internal.RunExecutions;
import dev.mainstay.sdk.internal.ClientTls;
import dev.mainstay.sdk.internal.RuntimeStream;
import dev.mainstay.sdk.internal.RuntimeTargets;
import dev.mainstay.sdk.internal.Schemas;
import dev.mainstay.sdk.internal.WorkerDefaults;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A worker process's connection to the runtime: serves the registered workflows and functions,
 * each run on its own virtual thread, and reconnects by itself when the runtime restarts.
 *
 * <p>A runtime of several nodes is given as a comma-separated list of addresses
 * ({@code target("10.0.0.1:7677,10.0.0.2:7677")}). The worker keeps one stream to one node, the
 * first picked at random so that workers spread over the nodes; when that node stops or cannot be
 * reached, the worker moves to the next address at once (runs in flight are given back and the
 * runtime re-dispatches them), and waits longer between tries only once every address failed.
 *
 * <p>The stream carries the worker's token ({@link Builder#token}, default {@code $MAINSTAY_TOKEN}):
 * a worker token of the runtime ({@code mainstay tokens create --role worker}). Without one the
 * runtime refuses the stream; when the token is revoked it closes it, and the worker keeps trying
 * (and logs why) until it is given a valid token and restarted.
 *
 * <p>TLS: the worker speaks gRPC over TLS (1.2 or 1.3) when it is given a CA to trust
 * ({@link Builder#tlsCa}, default {@code $MAINSTAY_TLS_CA}) or a client certificate
 * ({@link Builder#tlsClientCertificate}, default {@code $MAINSTAY_TLS_CLIENT_CERT} and
 * {@code $MAINSTAY_TLS_CLIENT_KEY}), or is told {@link Builder#tls tls(true)} (the JVM's trust
 * store, for a runtime whose certificate a public CA signed); else plaintext. Every address of
 * {@code target} is reached the same way, and must be named in the runtime's certificate.
 *
 * <pre>{@code
 * try (Worker worker = Worker.builder()
 *         .target("127.0.0.1:7677")                  // token: $MAINSTAY_TOKEN
 *         .register(new Orders())
 *         .build()
 *         .start()) {
 *     worker.awaitShutdown();
 * }
 * }</pre>
 */
public final class Worker implements AutoCloseable {
    private final RuntimeStream stream;
    private final RunExecutions executions;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final java.time.Duration drainTimeout;
    private final String workerId;
    private final int capacity;

    private Worker(RuntimeStream stream, RunExecutions executions, java.time.Duration drainTimeout,
                   String workerId, int capacity) {
        this.stream = stream;
        this.executions = executions;
        this.drainTimeout = drainTimeout;
        this.workerId = workerId;
        this.capacity = capacity;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Connects (in the background; the worker keeps retrying until the runtime answers). */
    public Worker start() {
        stream.connect();
        return this;
    }

    /** True while registered with the runtime. */
    public boolean isConnected() {
        return stream.isConnected();
    }

    /** Runs this worker executes right now. */
    public int inFlight() {
        return executions.inFlight();
    }

    /** The id this worker registers with ({@link Builder#workerId}). */
    public String workerId() {
        return workerId;
    }

    /** Runs this worker accepts at once ({@link Builder#capacity}). */
    public int capacity() {
        return capacity;
    }

    /**
     * Dispatches this worker received since it was built, for metrics: a run handed back (a drain, a
     * long backoff, a durable sleep) and dispatched here again counts again.
     */
    public long dispatches() {
        return executions.dispatches();
    }

    /** Blocks until {@link #close()} is called (from a shutdown hook, say). */
    public void awaitShutdown() throws InterruptedException {
        closed.await();
    }

    /**
     * Graceful shutdown: takes no new runs, lets the steps in flight finish (up to {@code timeout}),
     * gives every run back so the runtime re-dispatches it to another worker at once, then
     * disconnects. {@link #close()} drains with the builder's drain timeout.
     */
    public void drain(java.time.Duration timeout) {
        if (stream.isConnected()) {
            stream.announceDrain();
            try {
                executions.drain(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stream.close();
        executions.abandonAll();
        closed.countDown();
    }

    /** Drains (see {@link #drain}) with the builder's drain timeout, then disconnects. */
    @Override
    public void close() {
        drain(drainTimeout);
    }

    /** Configures a {@link Worker}; {@link #register} at least one object. */
    public static final class Builder {
        private final Components components = new Components();
        /** Null until set: the default comes from the environment, read (and checked) in {@link #build()}. */
        private List<String> targets;
        private String workerId = ManagementFactory.getRuntimeMXBean().getName();
        private int capacity = 1_000;
        private RetryPolicy retry;
        private java.time.Duration inWorkerBackoff = java.time.Duration.ofMillis(500);
        private java.time.Duration drainTimeout = java.time.Duration.ofSeconds(10);
        private String token = dev.mainstay.sdk.internal.TokenSource.fromEnvironment();
        private String namespace = dev.mainstay.sdk.internal.TokenSource.namespaceFromEnvironment();
        /** Null until set: then {@code $MAINSTAY_BUILD_ID}, else a digest of the registered classes. */
        private String buildId;
        private ClientTls tlsFiles = ClientTls.fromEnvironment();
        /** Null: TLS when {@link #tlsFiles} names a file. */
        private Boolean tls;

        private Builder() {}

        /**
         * The namespace to serve (default {@code $MAINSTAY_NAMESPACE}, else the token's): the
         * worker receives only runs of that namespace, even of a workflow name another namespace
         * also has. A worker token serves only its own namespace; an admin token any.
         */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /**
         * The build of this worker's code (default {@code $MAINSTAY_BUILD_ID}, else {@code sha256-…},
         * a digest of the classes that declare the registered workflows and functions). A run is
         * pinned to the build that first ran it and goes only to workers of that build; new runs go
         * to the workflow's current build (the newest, or the one promoted with
         * {@code mainstay builds promote}). So a deploy is: start the new build beside the old one,
         * then stop the old one once {@code mainstay builds list} says its runs are done.
         *
         * @throws IllegalArgumentException when blank or over 128 characters
         */
        public Builder buildId(String buildId) {
            this.buildId = checkedBuild(buildId, "buildId");
            return this;
        }

        private static String checkedBuild(String buildId, String what) {
            if (buildId == null || buildId.isBlank() || buildId.length() > 128 || !buildId.strip().equals(buildId)) {
                throw new IllegalArgumentException(what + " was '" + buildId
                        + "'; give 1 to 128 characters without leading or trailing spaces, e.g. 2026-12-01.3");
            }
            return buildId;
        }

        /**
         * TLS on or off whatever the environment says; on without {@link #tlsCa}, the runtime's
         * certificate must be signed by a CA the JVM trusts.
         */
        public Builder tls(boolean on) {
            this.tls = on;
            return this;
        }

        /** The CA (PEM) that signed the runtime's certificate (default {@code $MAINSTAY_TLS_CA}); turns TLS on. */
        public Builder tlsCa(java.nio.file.Path caFile) {
            this.tlsFiles = tlsFiles.withCa(caFile, "tlsCa");
            this.tls = true;
            return this;
        }

        /**
         * The client certificate (PEM chain) and private key (PEM, unencrypted PKCS#8) shown to a
         * runtime that requires one ({@code --tls-client-ca-file}); default
         * {@code $MAINSTAY_TLS_CLIENT_CERT} and {@code $MAINSTAY_TLS_CLIENT_KEY}. Turns TLS on.
         */
        public Builder tlsClientCertificate(java.nio.file.Path certFile, java.nio.file.Path keyFile) {
            this.tlsFiles = tlsFiles.withClientCertificate(certFile, keyFile, "tlsClientCertificate");
            this.tls = true;
            return this;
        }

        /** The token the stream opens with (default {@code $MAINSTAY_TOKEN}): a worker (or admin) token; null for none. */
        public Builder token(String token) {
            this.token = dev.mainstay.sdk.internal.TokenSource.check(token, "token");
            return this;
        }

        /**
         * The runtime's gRPC address, {@code host:port} ({@code [::1]:7677} for IPv6), or the
         * addresses of its nodes comma-separated ({@code a:7677,b:7677}); default
         * {@code $MAINSTAY_GRPC_TARGET} (same format) or 127.0.0.1:7677.
         *
         * @throws IllegalArgumentException naming the entry that is not {@code host:port}
         */
        public Builder target(String target) {
            this.targets = RuntimeTargets.parse(target, "target");
            return this;
        }

        /** The addresses of the runtime's nodes, {@code host:port} each; see {@link #target(String)}. */
        public Builder targets(List<String> targets) {
            this.targets = RuntimeTargets.parse(targets == null ? null : String.join(",", targets), "targets");
            return this;
        }

        public Builder workerId(String workerId) {
            this.workerId = workerId;
            return this;
        }

        /** Runs this worker accepts at once (default 1000; suspended runs do not count). */
        public Builder capacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity was " + capacity + "; it must be at least 1");
            }
            this.capacity = capacity;
            return this;
        }

        /** The retry policy of steps and functions that set none (default: the runtime's). */
        public Builder retryPolicy(RetryPolicy retry) {
            this.retry = retry;
            return this;
        }

        /**
         * Retry backoffs up to this long are waited out in the run's thread (default 500 ms); longer
         * ones hand the run back to the runtime, which wakes it from a durable timer. Either way the
         * attempt is journaled first.
         */
        public Builder inWorkerBackoff(java.time.Duration limit) {
            if (limit.isNegative()) {
                throw new IllegalArgumentException("inWorkerBackoff was " + limit + "; use zero or more");
            }
            this.inWorkerBackoff = limit;
            return this;
        }

        /** How long {@link Worker#close()} lets steps in flight finish before giving their runs back (default 10 s). */
        public Builder drainTimeout(java.time.Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("drainTimeout was " + timeout + "; use zero or more");
            }
            this.drainTimeout = timeout;
            return this;
        }

        /** Serves every {@code @Workflow} and {@code @Function} method of {@code target}. */
        public Builder register(Object target) {
            components.register(target);
            return this;
        }

        /**
         * Serves a workflow whose body is given in code, for components that are built rather than
         * annotated (an agent registers itself as {@code agent:<name>} this way). The body follows
         * the same rules as a {@code @Workflow} method: deterministic, side effects in steps.
         */
        public <I> Builder registerWorkflow(String name, Class<I> inputType, WorkflowBody<I> body) {
            components.registerWorkflow(name, inputType,
                    (ctx, input) -> body.run(ctx, inputType.cast(input)), "workflow '" + name + "' registered in code");
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the TLS file that cannot be used (missing, not PEM,
         *         a key that is not the certificate's)
         */
        public Worker build() {
            if (components.isEmpty()) {
                throw new IllegalStateException("register at least one object with @Workflow or @Function methods");
            }
            List<String> runtime = targets != null ? targets
                    : RuntimeTargets.parse(envOr("MAINSTAY_GRPC_TARGET", "127.0.0.1:7677"), "$MAINSTAY_GRPC_TARGET");
            List<Component> declared = new ArrayList<>();
            for (var c : components.all()) {
                Component.Builder component = Component.newBuilder()
                        .setName(c.name())
                        .setKind(c.workflow() ? ComponentKind.WORKFLOW : ComponentKind.FUNCTION)
                        .setInputSchema(c.inputType() == null ? "" : Schemas.of(c.inputType()).toString())
                        .setRunTimeoutMs(c.workflow() ? c.timeoutMs() : 0);
                Workflow workflow = c.method() == null ? null : c.method().getAnnotation(Workflow.class);
                if (workflow != null) {
                    if (!workflow.cron().isBlank() || workflow.everyMs() > 0) {
                        component.setSchedule(dev.mainstay.protocol.v1.Schedule.newBuilder().setCron(workflow.cron())
                                .setEveryMs(workflow.everyMs()).setTimeZone(workflow.timeZone())
                                .setMisfire(workflow.misfire().name()));
                    }
                    if (!workflow.rateLimit().isEmpty()) {
                        try {
                            dev.mainstay.protocol.RateLimit.parse(workflow.rateLimit()); // the runtime would refuse it too
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("@Workflow '" + c.name() + "': " + e.getMessage(), e);
                        }
                    }
                    if (!workflow.queue().isEmpty() && workflow.maxConcurrency() < 1) {
                        throw new IllegalArgumentException("@Workflow '" + c.name() + "': queue '" + workflow.queue()
                                + "' needs maxConcurrency (the queue's limit, shared by its workflows), at least 1");
                    }
                    component.setRateLimit(workflow.rateLimit()).setRateKey(workflow.rateKey()).setQueue(workflow.queue());
                    component.setMaxConcurrency(workflow.maxConcurrency()).setConcurrencyKey(workflow.concurrencyKey())
                            .setUpgrade(workflow.upgrade() == Upgrade.LATEST
                                    ? dev.mainstay.protocol.v1.Upgrade.UPGRADE_LATEST : dev.mainstay.protocol.v1.Upgrade.UPGRADE_PINNED);
                }
                declared.add(component.build());
            }
            List<java.lang.reflect.Type> payloadTypes = new ArrayList<>();
            for (var c : components.all()) {
                if (c.inputType() != null) {
                    payloadTypes.add(c.inputType());
                }
                if (c.method() != null) { // components without a Java method (agents) have no return type to scan
                    payloadTypes.add(c.method().getGenericReturnType());
                }
            }
            Register register = Register.newBuilder()
                    .addAllRedactedFields(dev.mainstay.sdk.internal.RedactedFields.of(payloadTypes))
                    .setWorkerId(workerId)
                    .setCapacity(capacity)
                    .setNamespace(namespace == null ? "" : namespace)
                    .setBuildId(buildId())
                    .addAllComponents(declared)
                    .setSdkVersion(Worker.class.getPackage().getImplementationVersion() == null
                            ? "dev" : Worker.class.getPackage().getImplementationVersion())
                    .build();
            RunExecutions executions = new RunExecutions(components, new WorkerDefaults(retry, inWorkerBackoff));
            boolean secure = tls != null ? tls : tlsFiles.configured();
            RuntimeStream stream = new RuntimeStream(runtime, register, executions, token,
                    secure ? tlsFiles.load().grpc() : null);
            executions.attach(stream);
            return new Worker(stream, executions, drainTimeout, workerId, capacity);
        }

        /** The build id sent in Register: the builder's, else the environment's, else a digest. */
        private String buildId() {
            if (buildId != null) {
                return buildId;
            }
            String fromEnvironment = System.getenv("MAINSTAY_BUILD_ID");
            return fromEnvironment == null || fromEnvironment.isBlank() ? dev.mainstay.sdk.internal.BuildDigest.of(components)
                    : checkedBuild(fromEnvironment, "$MAINSTAY_BUILD_ID");
        }

        private static String envOr(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }
    }
}
