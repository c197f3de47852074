package dev.mainstay.server;

import dev.mainstay.coordinator.Dispatcher;
import dev.mainstay.coordinator.LeaseMonitor;
import dev.mainstay.coordinator.WorkerStreamService;
import dev.mainstay.engine.Engine;
import dev.mainstay.engine.RuntimeClock;
import dev.mainstay.engine.TestClock;
import dev.mainstay.engine.auth.Tokens;
import dev.mainstay.gateway.HttpGateway;
import dev.mainstay.store.PostgresJournalStore;
import dev.mainstay.store.SqlJournalStore;
import dev.mainstay.store.SqliteJournalStore;
import dev.mainstay.telemetry.Telemetry;
import dev.mainstay.telemetry.TelemetryConfig;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runtime process: store, engine, coordinator and gateway, started and stopped together. */
public final class MainstayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MainstayServer.class);

    private final ServerConfig config;
    private final SqlJournalStore store;
    private final HttpGateway gateway;
    private final Server grpc;
    private final Dispatcher dispatcher;
    private final Engine engine;
    private final LeaseMonitor leases;
    private final WorkerStreamService workers;
    private final Telemetry telemetry;
    private final Tokens tokens;

    private MainstayServer(ServerConfig config, SqlJournalStore store, Engine engine, Dispatcher dispatcher,
                           LeaseMonitor leases, WorkerStreamService workers, HttpGateway gateway, Server grpc,
                           Telemetry telemetry, Tokens tokens) {
        this.tokens = tokens;
        this.telemetry = telemetry;
        this.dispatcher = dispatcher;
        this.workers = workers;
        this.config = config;
        this.engine = engine;
        this.leases = leases;
        this.store = store;
        this.gateway = gateway;
        this.grpc = grpc;
    }

    /** Opens the store (migrating it), recovers live runs, and listens on both ports. */
    public static MainstayServer start(ServerConfig config) throws IOException {
        return start(config, TelemetryConfig.defaults());
    }

    /** As {@link #start(ServerConfig)}, with payload previews and redaction as {@code telemetryConfig} says. */
    public static MainstayServer start(ServerConfig config, TelemetryConfig telemetryConfig) throws IOException {
        log.info("event=starting config={} telemetry={}", config, telemetryConfig);
        ServerTls tls = ServerTls.load(config.tls()); // a bad file stops the start before the store is opened
        RuntimeClock clock = config.testClock() ? new TestClock() : RuntimeClock.SYSTEM;
        if (config.testClock()) {
            log.warn("event=test_clock note=\"--test-clock: time jumps to the next timer whenever no run is running or"
                    + " ready; for tests only\"");
        }
        if (config.database().isEmbedded()) {
            dev.mainstay.store.SqliteLibrary.keepIn(config.dataDir().resolve("native"));
        }
        SqlJournalStore store = config.database().isEmbedded()
                ? SqliteJournalStore.open(config.dataDir(), config.storeLimits(), clock::millis)
                : PostgresJournalStore.open(config.database().url(), config.database().password(), config.storeLimits(),
                        config.node().pollForSignals());
        // the writer cannot go on: readiness already fails; exit so that a supervisor restarts the runtime
        store.onFatal(cause -> {
            log.error("event=exiting reason=store_writer_failed error={}", cause.toString());
            System.exit(70);
        });
        Engine engine = new Engine(store, clock);
        Dispatcher dispatcher = new Dispatcher(engine);
        Telemetry telemetry = Telemetry.create(telemetryConfig, store);
        engine.addListener(telemetry);
        dispatcher.telemetry(telemetry);
        telemetry.metrics().gauges(() -> dispatcher.queueDepths().values().stream().mapToInt(Integer::intValue).sum(),
                () -> dispatcher.workers().size(), store::sizeBytes);
        engine.onReady(dispatcher);
        engine.onCancelRequest(dispatcher::cancelRequested);
        engine.onPauseRequest(dispatcher::pauseRequested);
        engine.onWorkers(dispatcher::workers);
        // before any listener: the runs this node held before a crash are PENDING again before anything else happens
        dev.mainstay.store.NodeIdentity node = new dev.mainstay.store.NodeIdentity(config.node().resolveId(config.dataDir()),
                dev.mainstay.store.UuidV7.next(), config.host() + ":" + config.httpPort(), config.host() + ":" + config.grpcPort());
        int recovered = engine.join(node, config.node().leaseMs(), why -> {
            log.error("event=exiting reason=node_lease_lost nodeId={}", node.id());
            System.exit(70);
        });
        engine.retainFinishedRuns(config.retention()); // null: only workflows' own retentions apply
        Tokens tokens = tokens(config, store);
        WorkerStreamService workers = new WorkerStreamService(engine, dispatcher, config.heartbeatIntervalMs(),
                config.maxPayloadBytes(), config.retryDefaults(), config.workerLimits(), tokens);
        // gRPC (Netty) and the gateway (Javalin, Jetty) spend most of their start loading and first running their
        // classes: side by side, on two threads. The HTTP port opens last, so a 200 of /readyz still means that
        // the worker port listens too.
        CompletableFuture<Server> grpcStart = new CompletableFuture<>();
        Thread.ofPlatform().name("mainstay-grpc-start").start(() -> {
            try {
                grpcStart.complete(grpcServer(config, tls, workers));
            } catch (Throwable e) {
                grpcStart.completeExceptionally(e);
            }
        });
        HttpGateway gateway = new HttpGateway(engine, dispatcher, config.maxPayloadBytes(), telemetry,
                config.gatewayLimits(), store::journalPage, tokens, config.auth().metricsPublic(),
                tls == null ? null : tls.http());
        Server grpc = started(grpcStart);
        gateway.start(config.host(), config.httpPort());
        LeaseMonitor leases = new LeaseMonitor(dispatcher, config.heartbeatIntervalMs(), config.workerLeaseMs());
        MainstayServer server = new MainstayServer(config, store, engine, dispatcher, leases, workers, gateway, grpc, telemetry,
                tokens);
        log.info("event=ready http={}://{}:{} grpc={}:{} tls={} dataDir={} nodeId={} recoveredRuns={}",
                tls == null ? "http" : "https", config.host(), server.httpPort(), config.host(), server.grpcPort(),
                tls == null ? "off" : config.tls().mutual() ? "mutual" : "on", config.dataDir().toAbsolutePath(), node.id(),
                recovered);
        return server;
    }

    private static Server grpcServer(ServerConfig config, ServerTls tls, WorkerStreamService workers) throws IOException {
        NettyServerBuilder grpcBuilder = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.grpcPort()));
        if (tls != null) {
            grpcBuilder.sslContext(tls.grpc());
        }
        return grpcBuilder
                .addService(workers.authenticated())
                .maxInboundMessageSize(config.maxPayloadBytes() * 2 + 64 * 1024)
                // sessions never block in a callback (store writes are queued), so skip the executor hop
                .directExecutor()
                // workers ping every 10 s to find a frozen node; allow some jitter below that
                .permitKeepAliveTime(5, TimeUnit.SECONDS)
                .build()
                .start();
    }

    /** The gRPC server once it listens; its failure (the port taken) as it was thrown. */
    private static Server started(CompletableFuture<Server> grpcStart) throws IOException {
        try {
            return grpcStart.join();
        } catch (java.util.concurrent.CompletionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw e;
            }
        }
    }

    /** With auth on, the admin token of the data directory is made sure of before anyone can call. */
    private static Tokens tokens(ServerConfig config, SqlJournalStore store) throws IOException {
        if (!config.auth().required()) {
            log.warn("event=auth_disabled note=\"--auth none: every caller of {} is an admin; for local development only\"",
                    config.host());
            return Tokens.disabled(store);
        }
        Tokens tokens = Tokens.required(store);
        AdminTokenFile.ensure(config.dataDir(), tokens);
        return tokens;
    }

    public int httpPort() {
        return gateway.port();
    }

    public int grpcPort() {
        return grpc.getPort();
    }

    public ServerConfig config() {
        return config;
    }

    /**
     * Graceful shutdown: stop taking requests, stop dispatching and tell every worker, let the writer
     * commit what is queued, close the store. Runs in flight stay in the store and are recovered by
     * the next start.
     */
    @Override
    public void close() {
        log.info("event=stopping");
        leases.close();
        gateway.close();
        dispatcher.shutdown();
        engine.leave(); // the runs its workers held go to the other nodes now, not after the lease
        grpc.shutdown();
        try {
            if (!grpc.awaitTermination(1, TimeUnit.SECONDS)) {
                grpc.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            grpc.shutdownNow();
        }
        workers.close();
        tokens.close();
        engine.close();
        store.close();
        telemetry.close();
        log.info("event=stopped");
    }
}
