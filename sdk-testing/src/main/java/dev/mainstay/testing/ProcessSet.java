package dev.mainstay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A runtime and its workers as child JVMs of this one (same java, same classpath), each logging to
 * its own file in {@code logDir}. The caller needs {@code mainstay-cli} on its classpath to start a
 * runtime. Closing the set kills whatever is still running.
 *
 * <p>Auth is on, as for a user: the set has one admin token ({@link #adminToken()}), written to the
 * data directory of each runtime it starts before the start (the runtime adopts it, see the README's
 * security section) unless that directory already holds one, which the set then takes. Workers get
 * it as {@code MAINSTAY_TOKEN} ({@link #workerWithToken} gives another, or none), and
 * {@link #client()} calls with it. Sets whose runtimes form one runtime on a shared database share
 * one token ({@link #withAdminToken}).
 */
public final class ProcessSet implements AutoCloseable {
    private static final String ADMIN_TOKEN_FILE = "admin.token";
    private final Path logDir;
    private final int httpPort;
    private final int grpcPort;
    private final List<Process> started = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Null: plain HTTP and gRPC. */
    private Tls tls;

    /**
     * The files a set on TLS gives its clients and workers: the CA that signed the runtime's
     * certificate, and a client certificate with its key (both null: none).
     */
    public record Tls(Path ca, Path clientCert, Path clientKey) {}

    /** A set on two free ports. */
    public ProcessSet(Path logDir) {
        this(logDir, freePort(), freePort());
    }

    private final List<String> runtimeArgs = new ArrayList<>();
    private final List<String> jvmOptionsForAll = new ArrayList<>();
    private final java.util.Map<String, String> runtimeEnv = new java.util.LinkedHashMap<>();
    private final java.util.Map<String, String> workerEnv = new java.util.LinkedHashMap<>();
    private String adminToken;
    /** False: the runtime makes its own admin token, which the set reads once the runtime is ready. */
    private boolean provision = true;

    public ProcessSet(Path logDir, int httpPort, int grpcPort) {
        this.logDir = logDir;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
    }

    /**
     * A set of its own (its processes, its logs in {@code logDir}) that reaches this set's runtime:
     * the same ports, admin token, TLS and JVM options. For tests that share one runtime but each
     * start and stop their own workers; closing it leaves this set's runtime running.
     */
    public synchronized ProcessSet onSameRuntime(Path logDir) {
        ProcessSet other = new ProcessSet(logDir, httpPort, grpcPort).withAdminToken(adminToken());
        other.jvmOptionsForAll.addAll(jvmOptionsForAll);
        if (tls != null) {
            other.withTls(tls);
        }
        return other;
    }

    public String url() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + httpPort;
    }

    /**
     * Makes this set speak TLS: {@link #url()} is https, the readiness check, {@link #client()} and
     * workers trust {@code tls.ca()} and show its client certificate ({@code MAINSTAY_TLS_*}). The
     * runtime's own TLS flags go to {@link #runtime} as extra arguments.
     */
    public synchronized ProcessSet withTls(Tls tls) {
        this.tls = tls;
        java.util.List<java.security.cert.X509Certificate> chain = tls.clientCert() == null ? null
                : dev.mainstay.protocol.PemFiles.certificates(tls.clientCert(), "client certificate");
        java.security.PrivateKey key = tls.clientKey() == null ? null
                : dev.mainstay.protocol.PemFiles.privateKey(tls.clientKey(), "client key");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .sslContext(dev.mainstay.protocol.PemFiles.clientContext(
                        dev.mainstay.protocol.PemFiles.certificates(tls.ca(), "CA"), key, chain))
                .build();
        return this;
    }

    public String grpcTarget() {
        return "127.0.0.1:" + grpcPort;
    }

    /**
     * The admin token of this set's runtimes (made on first use: {@code mst_} and 32 random bytes in
     * base64url, the runtime's own format).
     */
    public synchronized String adminToken() {
        if (adminToken == null) {
            adminToken = newAdminToken();
        }
        return adminToken;
    }

    /** A fresh token in the runtime's format, for sets that share one ({@link #withAdminToken}). */
    public static String newAdminToken() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return "mst_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Uses {@code token} as this set's admin token (that of another set on the same database, say). */
    public synchronized ProcessSet withAdminToken(String token) {
        this.adminToken = token;
        return this;
    }

    /** Takes the admin token a runtime wrote to {@code dataDir} (one this set did not start), if there is one. */
    public synchronized ProcessSet withAdminTokenOf(Path dataDir) {
        Path file = dataDir.resolve(ADMIN_TOKEN_FILE);
        if (Files.isReadable(file)) {
            try {
                adminToken = Files.readString(file).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    /**
     * Leaves the admin token to the runtime, as on a user's first start: the set does not write one
     * and takes what the runtime wrote once it is ready.
     */
    public synchronized ProcessSet letRuntimeMakeAdminToken() {
        this.provision = false;
        return this;
    }

    /** A client of this set's runtime, calling with its admin token. */
    public dev.mainstay.sdk.MainstayClient client() {
        dev.mainstay.sdk.MainstayClient.Builder builder = dev.mainstay.sdk.MainstayClient.builder().url(url())
                .token(adminToken());
        if (tls != null) {
            builder.tlsCa(tls.ca());
            if (tls.clientCert() != null) {
                builder.tlsClientCertificate(tls.clientCert(), tls.clientKey());
            }
        }
        return builder.build();
    }

    /** The set's token in {@code dataDir}'s admin.token (0600), or the set takes the one already there. */
    private synchronized void provisionAdminToken(Path dataDir) {
        Path file = dataDir.resolve(ADMIN_TOKEN_FILE);
        try {
            if (Files.exists(file)) {
                adminToken = Files.readString(file).strip();
                return;
            }
            Files.createDirectories(dataDir);
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, adminToken() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code mainstay server} on {@code dataDir} and waits until /readyz answers. */
    public Process runtime(Path dataDir, String... extraArgs) {
        return runtime(dataDir, List.of(), extraArgs);
    }

    /**
     * Arguments every runtime of this set gets before its own (a {@code --database-url}, say, so that
     * one suite of tests runs on another store).
     */
    public ProcessSet withRuntimeArgs(String... args) {
        runtimeArgs.addAll(List.of(args));
        return this;
    }

    /**
     * JVM options for every process of the set from now on (runtime and workers), before each
     * process's own: e.g. a quicker JIT for tests that start many short-lived processes.
     */
    public ProcessSet withJvmOptions(String... options) {
        jvmOptionsForAll.addAll(List.of(options));
        return this;
    }

    /**
     * Environment variables every runtime of this set gets ({@code MAINSTAY_DATABASE_PASSWORD}, say,
     * which no flag takes).
     */
    public ProcessSet withRuntimeEnv(java.util.Map<String, String> env) {
        runtimeEnv.putAll(env);
        return this;
    }

    /**
     * Environment variables every worker of this set gets from now on (a model's API key, say, which
     * a worker reads from its environment as in production).
     */
    public ProcessSet withWorkerEnv(java.util.Map<String, String> env) {
        workerEnv.putAll(env);
        return this;
    }

    /** A runtime with extra JVM options (system properties such as {@code -Dotel.traces.exporter=logging}). */
    public Process runtime(Path dataDir, List<String> jvmOptions, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("server", "--data-dir", dataDir.toString(),
                "--http-port", "" + httpPort, "--grpc-port", "" + grpcPort));
        args.addAll(runtimeArgs);
        args.addAll(List.of(extraArgs));
        if (provision) {
            provisionAdminToken(dataDir);
        }
        Process runtime = java("runtime", "dev.mainstay.cli.Main", jvmOptions, args, env -> env.putAll(runtimeEnv));
        awaitReady(runtime, Duration.ofSeconds(30));
        if (!provision) {
            withAdminTokenOf(dataDir);
        }
        return runtime;
    }

    /** True when a runtime answers /readyz on this set's HTTP port. */
    public boolean isReady() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url() + "/readyz")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitReady(Process runtime, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isReady()) {
            if (!runtime.isAlive()) {
                throw new IllegalStateException("the runtime exited with " + runtime.exitValue() + "; see " + lastLog());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the runtime was not ready after " + timeout + "; see " + lastLog());
            }
            pause();
        }
    }

    /** Starts a worker main; its first argument is this set's gRPC target, then {@code args}. */
    public Process worker(String mainClass, String... args) {
        return worker(mainClass, List.of(), args);
    }

    /** A worker main with extra JVM options (heap size, say). */
    public Process worker(String mainClass, List<String> jvmOptions, String... args) {
        return workerOf(grpcTarget(), mainClass, jvmOptions, args);
    }

    /**
     * A worker main whose first argument is {@code target} rather than this set's gRPC address: the
     * addresses of several runtimes, comma-separated, when they form one runtime on a shared database.
     */
    public Process workerOf(String target, String mainClass, List<String> jvmOptions, String... args) {
        return workerOf(target, adminToken(), mainClass, jvmOptions, args);
    }

    /** A worker main whose {@code MAINSTAY_TOKEN} is {@code token} (none at all when null) instead of the admin token. */
    public Process workerWithToken(String token, String mainClass, String... args) {
        return workerOf(grpcTarget(), token, mainClass, List.of(), args);
    }

    private Process workerOf(String target, String token, String mainClass, List<String> jvmOptions, String... args) {
        return workerOf(target, token, tls, mainClass, jvmOptions, args);
    }

    /**
     * A worker main that reaches this set's runtime with {@code tls} as its {@code MAINSTAY_TLS_*}
     * (null: none of them) instead of the set's: a worker that trusts another CA, or shows no or
     * another client certificate.
     */
    public Process workerWithTls(Tls tls, String mainClass, String... args) {
        return workerOf(grpcTarget(), adminToken(), tls, mainClass, List.of(), args);
    }

    private Process workerOf(String target, String token, Tls tls, String mainClass, List<String> jvmOptions,
                             String... args) {
        List<String> all = new ArrayList<>();
        all.add(target);
        all.addAll(List.of(args));
        return java("worker", mainClass, jvmOptions, all, env -> {
            env.putAll(workerEnv);
            env.remove("MAINSTAY_TOKEN");
            if (token != null) {
                env.put("MAINSTAY_TOKEN", token);
            }
            for (String name : List.of("MAINSTAY_TLS_CA", "MAINSTAY_TLS_CLIENT_CERT", "MAINSTAY_TLS_CLIENT_KEY")) {
                env.remove(name);
            }
            if (tls != null) {
                putIfSet(env, "MAINSTAY_TLS_CA", tls.ca());
                putIfSet(env, "MAINSTAY_TLS_CLIENT_CERT", tls.clientCert());
                putIfSet(env, "MAINSTAY_TLS_CLIENT_KEY", tls.clientKey());
            }
        });
    }

    private static void putIfSet(java.util.Map<String, String> env, String name, Path file) {
        if (file != null) {
            env.put(name, file.toAbsolutePath().toString());
        }
    }

    private Process java(String name, String mainClass, List<String> jvmOptions, List<String> args,
                         java.util.function.Consumer<java.util.Map<String, String>> environment) {
        List<String> options = new ArrayList<>(jvmOptionsForAll);
        options.addAll(jvmOptions);
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + "-" + logs.size() + ".log");
            Process process = startJava(name, mainClass, options, args, builder -> {
                builder.redirectErrorStream(true).redirectOutput(log.toFile());
                if (environment != null) {
                    environment.accept(builder.environment());
                }
            });
            started.add(process);
            logs.add(log);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code mainClass} as a child JVM the way the set starts its runtimes and workers (this
     * JVM's java and class path, with class-data sharing), for a short-lived command the caller waits
     * for itself, such as the CLI. {@code setup} sets its redirects and environment.
     */
    public static Process startJava(String mainClass, List<String> jvmOptions, List<String> args,
                                    java.util.function.Consumer<ProcessBuilder> setup) throws IOException {
        return startJava("command", mainClass, jvmOptions, args, setup);
    }

    private static Process startJava(String kind, String mainClass, List<String> jvmOptions, List<String> args,
                                     java.util.function.Consumer<ProcessBuilder> setup) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        String classPath = DirectoryJars.of(System.getProperty("java.class.path"));
        ClassDataSharing sharing = ClassDataSharing.of(kind, mainClass, classPath);
        if (sharing != null) {
            command.addAll(sharing.options());
        }
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        setup.accept(builder);
        Process process = builder.start();
        if (sharing != null) {
            process.onExit().thenRun(sharing::exited);
        }
        return process;
    }

    /** SIGKILL, and wait until the process is gone. */
    public static void kill(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM (graceful), and wait until the process is gone. */
    public static void stop(Process process) {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public List<Path> logs() {
        return List.copyOf(logs);
    }

    /** Every process log, for printing when a test failed. */
    public String dumpLogs() {
        StringBuilder out = new StringBuilder();
        for (Path log : logs) {
            out.append("===== ").append(log.getFileName()).append(" =====\n");
            try {
                out.append(Files.readString(log));
            } catch (IOException e) {
                out.append("(cannot read: ").append(e).append(")\n");
            }
        }
        return out.toString();
    }

    private String lastLog() {
        return logs.isEmpty() ? "(no log)" : logs.get(logs.size() - 1).toString();
    }

    /** Stops whatever still runs: SIGTERM, and SIGKILL for what has not exited 5 s later. */
    @Override
    public void close() {
        started.forEach(Process::destroy);
        for (Process process : started) {
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    kill(process);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill(process);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10); // start-up is measured by this wait (bench W7): 50 ms would be a sixteenth of its target
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the runtime");
        }
    }

    /** Ports this JVM handed out already: a second set must not get one that a runtime has not bound yet. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A port that is free now, below Linux's ephemeral range (32768 and up). Why not port 0: the kernel
     * picks that from the ephemeral range, which it also gives to outgoing connections, so between
     * this check and the runtime's bind a database or HTTP connection could take the port as its local
     * one (seen in CI: the runtime's gRPC bind failed with "Address already in use").
     */
    private static int freePort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(20_000, 32_000);
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
