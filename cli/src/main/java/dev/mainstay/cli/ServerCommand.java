package dev.mainstay.cli;

import dev.mainstay.coordinator.RetryDefaults;
import dev.mainstay.server.MainstayServer;
import dev.mainstay.server.ServerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mainstay server}: runs the runtime until SIGTERM/SIGINT. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Start the runtime (gateway + engine + coordinator) on the embedded SQLite store.")
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = "${env:MAINSTAY_DATA_DIR:-.mainstay}",
            description = "Directory of the SQLite database (env MAINSTAY_DATA_DIR; default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--host", defaultValue = "${env:MAINSTAY_HOST:-127.0.0.1}",
            description = "Address to listen on (env MAINSTAY_HOST; default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--http-port", defaultValue = "${env:MAINSTAY_HTTP_PORT:-7676}",
            description = "HTTP API port (env MAINSTAY_HTTP_PORT; default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--grpc-port", defaultValue = "${env:MAINSTAY_GRPC_PORT:-7677}",
            description = "Worker gRPC port (env MAINSTAY_GRPC_PORT; default ${DEFAULT-VALUE}).")
    int grpcPort;

    @Option(names = "--max-payload-bytes", defaultValue = "${env:MAINSTAY_MAX_PAYLOAD_BYTES:-1048576}",
            description = "Largest input, step result or output accepted (default ${DEFAULT-VALUE}).")
    int maxPayloadBytes;

    @Option(names = "--heartbeat-interval-ms", defaultValue = "${env:MAINSTAY_HEARTBEAT_INTERVAL_MS:-5000}",
            description = "How often workers heartbeat (default ${DEFAULT-VALUE}).")
    long heartbeatIntervalMs;

    @Option(names = "--worker-lease-ms", defaultValue = "${env:MAINSTAY_WORKER_LEASE_MS:-15000}",
            description = "Silence after which a worker is declared dead and its runs go elsewhere (default ${DEFAULT-VALUE}).")
    long workerLeaseMs;

    @Option(names = "--max-worker-capacity", defaultValue = "${env:MAINSTAY_MAX_WORKER_CAPACITY:-1024}",
            description = "Most runs one worker may register to hold at once; a Register above it is refused (default ${DEFAULT-VALUE}).")
    int maxWorkerCapacity;

    @Option(names = "--register-timeout-ms", defaultValue = "${env:MAINSTAY_REGISTER_TIMEOUT_MS:-10000}",
            description = "A worker stream that sends no Register this long after connecting is closed (default ${DEFAULT-VALUE}).")
    long registerTimeoutMs;

    @Option(names = "--retry-max-attempts", defaultValue = "${env:MAINSTAY_RETRY_MAX_ATTEMPTS:-3}",
            description = "Runtime-wide default attempts of a step, counting the first (default ${DEFAULT-VALUE}).")
    int retryMaxAttempts;

    @Option(names = "--retry-initial-interval-ms", defaultValue = "${env:MAINSTAY_RETRY_INITIAL_INTERVAL_MS:-1000}",
            description = "Runtime-wide default first backoff; it doubles up to 60 s (default ${DEFAULT-VALUE}).")
    long retryInitialIntervalMs;

    @Option(names = "--payload-preview-bytes", defaultValue = "${env:MAINSTAY_PAYLOAD_PREVIEW_BYTES:-4096}",
            description = "Most of a payload shown on a span or in the web UI (default ${DEFAULT-VALUE}).")
    int payloadPreviewBytes;

    @Option(names = "--redact-fields", split = ",",
            defaultValue = "${env:MAINSTAY_REDACT_FIELDS:-" + dev.mainstay.telemetry.TelemetryConfig.DEFAULT_REDACT_FIELDS + "}",
            description = "Field names masked wherever a payload, an error or live output is shown, also as the end of a"
                    + " longer name, case and separators ignored (token masks accessToken, access_token); workers add"
                    + " their @Redact fields (default ${DEFAULT-VALUE}).")
    java.util.List<String> redactFields;

    @Option(names = "--max-queued-writes", defaultValue = "${env:MAINSTAY_MAX_QUEUED_WRITES:-10000}",
            description = "Client writes (starts, events, cancels, schedules) are refused with 503 while this many writes"
                    + " wait for the store (default ${DEFAULT-VALUE}).")
    int maxQueuedWrites;

    @Option(names = "--max-journal-entries", defaultValue = "${env:MAINSTAY_MAX_JOURNAL_ENTRIES:-50000}",
            description = "Journal entries plus failed attempts one run may hold; past it the run fails with"
                    + " JOURNAL_TOO_LARGE (default ${DEFAULT-VALUE}).")
    int maxJournalEntries;

    @Option(names = "--max-journal-bytes", defaultValue = "${env:MAINSTAY_MAX_JOURNAL_BYTES:-67108864}",
            description = "Payload and error bytes one run's journal may hold, bounded the same way (default ${DEFAULT-VALUE}).")
    long maxJournalBytes;

    @Option(names = "--max-inbox-events", defaultValue = "${env:MAINSTAY_MAX_INBOX_EVENTS:-10000}",
            description = "Events a run's inbox may hold that it has not taken yet (default ${DEFAULT-VALUE}).")
    int maxInboxEvents;

    @Option(names = "--max-schedules", defaultValue = "${env:MAINSTAY_MAX_SCHEDULES:-10000}",
            description = "Schedules the runtime may hold (default ${DEFAULT-VALUE}).")
    int maxSchedules;
    @Option(names = "--max-wait", defaultValue = "${env:MAINSTAY_MAX_WAIT:-5m}",
            description = "Longest long-poll a request may ask for with ?wait= (e.g. 30s, 5m; default ${DEFAULT-VALUE}).")
    String maxWait;

    @Option(names = "--max-watchers-per-run", defaultValue = "${env:MAINSTAY_MAX_WATCHERS_PER_RUN:-16}",
            description = "Open event streams (GET /v1/runs/{id}/events) on one run (default ${DEFAULT-VALUE}).")
    int maxWatchersPerRun;

    @Option(names = "--max-watchers", defaultValue = "${env:MAINSTAY_MAX_WATCHERS:-1024}",
            description = "Open event streams in all (default ${DEFAULT-VALUE}).")
    int maxWatchers;

    @Option(names = "--allowed-hosts", split = ",", defaultValue = "${env:MAINSTAY_ALLOWED_HOSTS:-}",
            description = "Names a request's Host header may carry besides localhost, 127.0.0.1, [::1] and the bind"
                    + " address (comma-separated; * allows any). Other names are refused, against DNS rebinding.")
    java.util.List<String> allowedHosts = new java.util.ArrayList<>();

    @Option(names = "--token-starts-per-second", defaultValue = "${env:MAINSTAY_TOKEN_STARTS_PER_SECOND:-5000}",
            description = "Runs one token may start per second, in bursts of one second's worth (default ${DEFAULT-VALUE}); past it: 429 RATE_LIMITED with Retry-After.")
    int tokenStartsPerSecond;

    @Option(names = "--token-max-waits", defaultValue = "${env:MAINSTAY_TOKEN_MAX_WAITS:-1024}",
            description = "Long-polls (?wait=) one token may hold open at once (default ${DEFAULT-VALUE}).")
    int tokenMaxWaits;

    @Option(names = "--token-max-streams", defaultValue = "${env:MAINSTAY_TOKEN_MAX_STREAMS:-256}",
            description = "Event streams one token may hold open at once (default ${DEFAULT-VALUE}).")
    int tokenMaxStreams;

    @Option(names = "--database-url", defaultValue = "${env:MAINSTAY_DATABASE_URL:-}",
            description = "PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db?user=...) instead of the embedded SQLite"
                    + " file; the password comes from MAINSTAY_DATABASE_PASSWORD or the file named by"
                    + " MAINSTAY_DATABASE_PASSWORD_FILE, never from the URL (env MAINSTAY_DATABASE_URL).")
    String databaseUrl;

    @Option(names = "--node-id", defaultValue = "${env:MAINSTAY_NODE_ID:-}",
            description = "This node's id among the nodes on one database; default: generated once and kept in"
                    + " <data-dir>/node-id (env MAINSTAY_NODE_ID).")
    String nodeId;

    @Option(names = "--node-lease-ms", defaultValue = "${env:MAINSTAY_NODE_LEASE_MS:-10000}",
            description = "How long the other nodes wait after this node goes silent before they take its runs"
                    + " (default ${DEFAULT-VALUE}).")
    long nodeLeaseMs;

    @Option(names = "--node-signals", defaultValue = "${env:MAINSTAY_NODE_SIGNALS:-notify}",
            description = "How nodes hear of each other's changes: notify (PostgreSQL LISTEN/NOTIFY) or poll (for an"
                    + " engine without it; default ${DEFAULT-VALUE}).")
    String nodeSignals;

    @Option(names = "--auth", defaultValue = "${env:MAINSTAY_AUTH:-token}",
            description = "token: every /v1 call and worker stream needs a token (the admin token is written to"
                    + " <data-dir>/admin.token at first start); none: no checks, every caller is an admin, for local"
                    + " development on a loopback --host only (env MAINSTAY_AUTH; default ${DEFAULT-VALUE}).")
    String auth;

    @Option(names = "--metrics-public", defaultValue = "${env:MAINSTAY_METRICS_PUBLIC:-false}",
            description = "Serve /metrics without a token (else it needs an admin or reader token; env MAINSTAY_METRICS_PUBLIC).")
    boolean metricsPublic;

    @Option(names = "--tls-cert-file", defaultValue = "${env:MAINSTAY_TLS_CERT_FILE:-}",
            description = "PEM certificate chain (the runtime's first) to serve HTTPS and gRPC over TLS on both ports;"
                    + " needs --tls-key-file (env MAINSTAY_TLS_CERT_FILE).")
    String tlsCertFile;

    @Option(names = "--tls-key-file", defaultValue = "${env:MAINSTAY_TLS_KEY_FILE:-}",
            description = "PEM private key (unencrypted PKCS#8, BEGIN PRIVATE KEY) of --tls-cert-file"
                    + " (env MAINSTAY_TLS_KEY_FILE).")
    String tlsKeyFile;

    @Option(names = "--tls-client-ca-file", defaultValue = "${env:MAINSTAY_TLS_CLIENT_CA_FILE:-}",
            description = "PEM CA certificate(s): every caller on both ports must present a client certificate one of them"
                    + " signed (mutual TLS; env MAINSTAY_TLS_CLIENT_CA_FILE).")
    String tlsClientCaFile;

    @Option(names = "--retention", defaultValue = "${env:MAINSTAY_RETENTION:-}",
            description = "Delete finished runs (with their journals, attempts and events) this long after they finished,"
                    + " e.g. 30d or 12h (env MAINSTAY_RETENTION). Runs an agent session points at, and runs with a live"
                    + " child, are kept. Default: keep every run.")
    String retention;

    // a flag only, no MAINSTAY_* variable: an environment shared with production must not be able to turn it on
    @Option(names = "--test-clock",
            description = "For tests only: whenever no run is running or ready, time jumps to the next sleep, retry,"
                    + " event timeout or run deadline, so a week's sleep passes in milliseconds; workers are told and"
                    + " follow. Embedded SQLite store only (refused with --database-url). Off by default.")
    boolean testClock;

    /** The database password: MAINSTAY_DATABASE_PASSWORD, else the file MAINSTAY_DATABASE_PASSWORD_FILE names, else none. */
    static String databasePassword(java.util.Map<String, String> env) throws java.io.IOException {
        String password = env.get("MAINSTAY_DATABASE_PASSWORD");
        if (password != null && !password.isEmpty()) {
            return password;
        }
        String file = env.get("MAINSTAY_DATABASE_PASSWORD_FILE");
        if (file != null && !file.isEmpty()) {
            return java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip();
        }
        return null;
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config = ServerConfig.defaults()
                .withDataDir(dataDir).withHost(host).withHttpPort(httpPort).withGrpcPort(grpcPort)
                .withMaxPayloadBytes(maxPayloadBytes)
                .withHeartbeat(heartbeatIntervalMs, workerLeaseMs)
                .withRetryDefaults(RetryDefaults.defaults().withMaxAttempts(retryMaxAttempts)
                        .withInitialIntervalMs(retryInitialIntervalMs))
                .withStoreLimits(new dev.mainstay.store.StoreLimits(maxQueuedWrites, maxJournalEntries, maxJournalBytes,
                        maxInboxEvents, maxSchedules))
                .withGatewayLimits(dev.mainstay.gateway.GatewayLimits.defaults()
                        .withMaxWait(dev.mainstay.gateway.GatewayLimits.parseDuration("--max-wait", maxWait))
                        .withMaxWatchers(maxWatchersPerRun, maxWatchers)
                        .withPerToken(tokenStartsPerSecond, tokenMaxWaits, tokenMaxStreams)
                        .withAllowedHosts(allowedHosts.stream().map(String::trim).filter(h -> !h.isEmpty()).toList()))
                .withWorkerLimits(dev.mainstay.coordinator.WorkerLimits.defaults().withMaxCapacity(maxWorkerCapacity)
                        .withRegisterTimeoutMs(registerTimeoutMs));
        config = config.withAuth(dev.mainstay.server.AuthConfig.parse(auth, metricsPublic))
                .withTls(dev.mainstay.server.TlsConfig.of(tlsCertFile, tlsKeyFile, tlsClientCaFile));
        if (!nodeSignals.equals("notify") && !nodeSignals.equals("poll")) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--node-signals was '" + nodeSignals + "'; use notify or poll");
        }
        config = config.withNode(new dev.mainstay.server.NodeConfig(nodeId == null || nodeId.isBlank() ? null : nodeId,
                nodeLeaseMs, nodeSignals.equals("poll")));
        config = config.withDatabase(new dev.mainstay.server.DatabaseConfig(databaseUrl,
                databaseUrl == null || databaseUrl.isBlank() ? null : databasePassword(System.getenv())));
        config = config.withTestClock(testClock).withRetention(retention == null || retention.isBlank() ? null
                : dev.mainstay.gateway.GatewayLimits.parseDuration("--retention", retention.strip()));
        MainstayServer server = MainstayServer.start(config, dev.mainstay.telemetry.TelemetryConfig.defaults()
                .withPreviewBytes(payloadPreviewBytes).withRedactFields(java.util.Set.copyOf(redactFields)));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "mainstay-shutdown"));
        System.out.printf("mainstay runtime ready: http=%s://%s:%d grpc=%s:%d%s data=%s auth=%s%n",
                config.tls().enabled() ? "https" : "http", host, server.httpPort(), host, server.grpcPort(),
                config.tls().enabled() ? " (TLS" + (config.tls().mutual() ? ", client certificates required)" : ")") : "",
                dataDir.toAbsolutePath(), config.auth().required()
                        ? "token (admin token in " + dataDir.resolve("admin.token").toAbsolutePath() + ")" : "none");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
