package dev.mainstay.server;

import dev.mainstay.coordinator.RetryDefaults;
import dev.mainstay.coordinator.WorkerLimits;
import dev.mainstay.gateway.GatewayLimits;
import dev.mainstay.store.StoreLimits;
import java.nio.file.Path;

/**
 * The runtime's whole configuration; immutable after start. Precedence: flags, then
 * {@code MAINSTAY_*} environment variables, then {@link #defaults()} (resolved by the CLI).
 * Default ports 7676 (HTTP) and 7677 (gRPC) collide with no common service. Limits are grouped by
 * the part that enforces them ({@link StoreLimits}, {@link GatewayLimits}, {@link WorkerLimits}).
 */
public record ServerConfig(Path dataDir, String host, int httpPort, int grpcPort, int maxPayloadBytes,
                           long heartbeatIntervalMs, long workerLeaseMs, RetryDefaults retryDefaults,
                           StoreLimits storeLimits, GatewayLimits gatewayLimits, WorkerLimits workerLimits,
                           DatabaseConfig database, NodeConfig node, AuthConfig auth, TlsConfig tls,
                           boolean testClock, java.time.Duration retention) {
    public static final int DEFAULT_HTTP_PORT = 7676;
    public static final int DEFAULT_GRPC_PORT = 7677;

    public ServerConfig {
        checkPort("--http-port", httpPort);
        checkPort("--grpc-port", grpcPort);
        if (httpPort == grpcPort && httpPort != 0) {
            throw new IllegalArgumentException("--http-port and --grpc-port are both " + httpPort + "; give them different ports");
        }
        if (maxPayloadBytes < 1024 || maxPayloadBytes > 64 * 1024 * 1024) {
            throw new IllegalArgumentException("--max-payload-bytes was " + maxPayloadBytes + "; use 1024..67108864");
        }
        if (heartbeatIntervalMs < 100) {
            throw new IllegalArgumentException("--heartbeat-interval-ms was " + heartbeatIntervalMs + "; use at least 100");
        }
        if (workerLeaseMs <= heartbeatIntervalMs) {
            throw new IllegalArgumentException("--worker-lease-ms was " + workerLeaseMs
                    + "; it must be longer than the heartbeat interval (" + heartbeatIntervalMs + " ms)");
        }
        if (!auth.required() && !isLoopback(host)) {
            throw new IllegalArgumentException("--auth none lets every caller act as an admin, so it is for local"
                    + " development on a loopback address only, and --host is " + host + "; use --host 127.0.0.1, or"
                    + " keep --auth token and give callers tokens (mainstay tokens create)");
        }
        if (retention != null && retention.toMillis() < 1_000) {
            throw new IllegalArgumentException("--retention was " + retention.toMillis() + " ms; use at least 1s (e.g. 30d),"
                    + " or leave it out to keep finished runs");
        }
        if (testClock && !database.isEmbedded()) {
            throw new IllegalArgumentException("--test-clock skips time on one node, and --database-url names a PostgreSQL"
                    + " database that several nodes may share, whose clocks it cannot move; use the embedded SQLite store"
                    + " (no --database-url) for a test runtime");
        }
    }

    /** Whether {@code host} names only this machine (127.0.0.0/8, ::1, localhost): 0.0.0.0 and :: do not. */
    static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** {@code --auth} and {@code --metrics-public}. */
    public ServerConfig withAuth(AuthConfig auth) {
        return new ServerConfig(dataDir, host, httpPort, grpcPort, maxPayloadBytes, heartbeatIntervalMs, workerLeaseMs,
                retryDefaults, storeLimits, gatewayLimits, workerLimits, database, node, auth, tls, testClock, retention);
    }

    /** {@code --tls-cert-file}, {@code --tls-key-file}, {@code --tls-client-ca-file}. */
    public ServerConfig withTls(TlsConfig tls) {
        return new ServerConfig(dataDir, host, httpPort, grpcPort, maxPayloadBytes, heartbeatIntervalMs, workerLeaseMs,
                retryDefaults, storeLimits, gatewayLimits, workerLimits, database, node, auth, tls, testClock, retention);
    }

    public static ServerConfig defaults() {
        return new ServerConfig(Path.of(".mainstay"), "127.0.0.1", DEFAULT_HTTP_PORT, DEFAULT_GRPC_PORT, 1024 * 1024,
                5_000, 15_000, RetryDefaults.defaults(), StoreLimits.defaults(), GatewayLimits.defaults(),
                WorkerLimits.defaults(), DatabaseConfig.embedded(), NodeConfig.defaults(), AuthConfig.defaults(),
                TlsConfig.none(), false, null);
    }

    public ServerConfig withDataDir(Path dataDir) {
        return new ServerConfig(dataDir, host, httpPort, grpcPort, maxPayloadBytes, heartbeatIntervalMs, workerLeaseMs,
                retryDefaults, storeLimits, gatewayLimits, workerLimits, database, node, auth, tls, testClock, retention);
    }

    public ServerConfig withHost(String host) {
        return new ServerConfig(dataDir, host, httpPort, grpcPort, maxPayloadBytes, heartbeatIntervalMs, workerLeaseMs,
                retryDefaults, storeLimits, gatewayLimits, workerLimits, database, node, auth, tls, testClock, retention);
    }

    public ServerConfig withHttpPort(int port) {
        return new ServerConfig(dataDir, host, port, grpcPort, maxPayloadBytes, heartbeatIntervalMs, workerLeaseMs,
                retryDefaults, storeLimits, gatewayLimits, workerLimits, database, node, auth, tls, testClock, retention);
    }

    public ServerConfig withGrpcPort(int port) {
        return new ServerConfig(dataDir, host, httpPort, port, maxPayloadBytes, heartbeatIntervalMs, workerLeaseMs,
                retryDefaults, storeLimits, gatewayLimits, workerLimits, database, node, auth, tls, testClock, retention);
    }

    public ServerConfig withMaxPayloadBytes(int bytes) {
        return new ServerConfig(dataDir, host, httpPort, grpcPort, bytes, heartbeatIntervalMs, workerLeaseMs,
                retryDefaults, storeLimits, gatewayLimits, workerLimits, database, node, auth, tls, testClock, retention);
    }

    /** Heartbeat interval told to workers, and the silence after which a worker is declared dead. */
    public ServerConfig withHeartbeat(long intervalMs, long leaseMs) {
        return new ServerConfig(dataDir, host, httpPort, grpcPort, maxPayloadBytes, intervalMs, leaseMs,
                retryDefaults, storeLimits, gatewayLimits, workerLimits, database, node, auth, tls, testClock, retention);
    }

    public ServerConfig withRetryDefaults(RetryDefaults retryDefaults) {
        return new ServerConfig(dataDir, host, httpPort, grpcPort, maxPayloadBytes, heartbeatIntervalMs, workerLeaseMs,
                retryDefaults, storeLimits, gatewayLimits, workerLimits, database, node, auth, tls, testClock, retention);
    }

    /** What one caller may grow in the store: write queue, journal per run, inbox per run, schedules. */
    public ServerConfig withStoreLimits(StoreLimits storeLimits) {
        return new ServerConfig(dataDir, host, httpPort, grpcPort, maxPayloadBytes, heartbeatIntervalMs, workerLeaseMs,
                retryDefaults, storeLimits, gatewayLimits, workerLimits, database, node, auth, tls, testClock, retention);
    }

    /** The HTTP gateway's limits: {@code --max-wait}, {@code --max-watchers-per-run}, {@code --max-watchers}. */
    public ServerConfig withGatewayLimits(GatewayLimits gatewayLimits) {
        return new ServerConfig(dataDir, host, httpPort, grpcPort, maxPayloadBytes, heartbeatIntervalMs, workerLeaseMs,
                retryDefaults, storeLimits, gatewayLimits, workerLimits, database, node, auth, tls, testClock, retention);
    }

    /** Worker streams: {@code --max-worker-capacity}, {@code --register-timeout-ms}. */
    public ServerConfig withWorkerLimits(WorkerLimits workerLimits) {
        return new ServerConfig(dataDir, host, httpPort, grpcPort, maxPayloadBytes, heartbeatIntervalMs, workerLeaseMs,
                retryDefaults, storeLimits, gatewayLimits, workerLimits, database, node, auth, tls, testClock, retention);
    }

    /** The store: the embedded SQLite file (default) or PostgreSQL ({@code --database-url}). */
    public ServerConfig withDatabase(DatabaseConfig database) {
        return new ServerConfig(dataDir, host, httpPort, grpcPort, maxPayloadBytes, heartbeatIntervalMs, workerLeaseMs,
                retryDefaults, storeLimits, gatewayLimits, workerLimits, database, node, auth, tls, testClock, retention);
    }

    /** This process as a node: {@code --node-id}, {@code --node-lease-ms}, {@code --node-signals}. */
    public ServerConfig withNode(NodeConfig node) {
        return new ServerConfig(dataDir, host, httpPort, grpcPort, maxPayloadBytes, heartbeatIntervalMs, workerLeaseMs,
                retryDefaults, storeLimits, gatewayLimits, workerLimits, database, node, auth, tls, testClock, retention);
    }

    /**
     * {@code --test-clock}: the runtime's clock jumps to the next run timer whenever no run is running
     * or ready (see {@code TestClock}); for tests only, on the embedded SQLite store (one node).
     */
    public ServerConfig withTestClock(boolean testClock) {
        return new ServerConfig(dataDir, host, httpPort, grpcPort, maxPayloadBytes, heartbeatIntervalMs, workerLeaseMs,
                retryDefaults, storeLimits, gatewayLimits, workerLimits, database, node, auth, tls, testClock, retention);
    }

    /** {@code --retention}: finished runs are deleted this long after they finished; null keeps them. */
    public ServerConfig withRetention(java.time.Duration retention) {
        return new ServerConfig(dataDir, host, httpPort, grpcPort, maxPayloadBytes, heartbeatIntervalMs, workerLeaseMs,
                retryDefaults, storeLimits, gatewayLimits, workerLimits, database, node, auth, tls, testClock, retention);
    }

    private static void checkPort(String flag, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(flag + " was " + port + "; use 0..65535 (0 picks a free port)");
        }
    }
}
