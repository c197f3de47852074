package dev.mainstay.bench;

import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.testing.ProcessSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The runtime and one worker process for a workload, with the controls workloads need. The runtime
 * is one process on the embedded SQLite store, or {@link Deployment#nodes()} processes on a fresh
 * PostgreSQL database (each with its own ports, data directory and {@code --node-id node-<i>} when
 * there are several); the worker gets every node's gRPC address, and {@link #client()} spreads the
 * workloads' HTTP calls over the nodes in turn.
 *
 * <p>"The runtime" of the kill controls, the memory figures and {@link #dataDir} is node 1: W3 and
 * W5 kill and restart the worker and node 1 only, the other nodes keep running.
 */
final class Cluster implements AutoCloseable {
    /** Node 1's processes: its runtime and the worker. */
    final ProcessSet processes;
    final Path dataDir;
    private final List<Node> nodes = new ArrayList<>();
    private final FreshDatabase database;
    private final AtomicInteger nextClient = new AtomicInteger();
    private final int workerCapacity;
    private final Deployment deployment;
    private Process worker;

    /** One runtime process: its ports (in its own set), data directory, arguments and HTTP client. */
    private static final class Node {
        final ProcessSet processes;
        final Path dataDir;
        final String[] args;
        final MainstayClient client;
        Process runtime;

        Node(ProcessSet processes, Path dataDir, String[] args) {
            this.processes = processes;
            this.dataDir = dataDir;
            this.args = args;
            this.client = processes.client();
        }
    }

    private Cluster(Path dir, Deployment deployment, int workerCapacity, List<String> extraRuntimeArgs) {
        this.database = deployment.isPostgres() ? FreshDatabase.create(deployment.databaseUrl()) : null;
        this.workerCapacity = workerCapacity;
        this.deployment = deployment;
        String adminToken = ProcessSet.newAdminToken(); // one runtime: one admin token on every node
        for (int i = 1; i <= deployment.nodes(); i++) {
            // one node keeps the layout of the single runtime: dir/logs and dir/data
            String sub = deployment.nodes() == 1 ? "" : "node-" + i;
            nodes.add(new Node(new ProcessSet(dir.resolve("logs").resolve(sub)).withAdminToken(adminToken),
                    dir.resolve("data").resolve(sub),
                    java.util.stream.Stream.concat(runtimeArgs(database == null ? null : database.url(), deployment.nodes(), i)
                            .stream(), extraRuntimeArgs.stream()).toArray(String[]::new)));
        }
        this.processes = nodes.get(0).processes;
        this.dataDir = nodes.get(0).dataDir;
    }

    /**
     * The arguments of runtime node {@code node} (1-based) beyond its ports and data directory: the
     * database, and a node id only when there are several (a lone runtime runs as it always did).
     */
    static List<String> runtimeArgs(String databaseUrl, int nodes, int node) {
        List<String> args = new ArrayList<>();
        if (databaseUrl != null) {
            args.addAll(List.of("--database-url", databaseUrl));
        }
        if (nodes > 1) {
            args.addAll(List.of("--node-id", "node-" + node));
        }
        return args;
    }

    /** A started cluster; on a failed start, whatever it started is stopped and its database dropped. */
    static Cluster started(Path dir, Settings settings, int workerCapacity) {
        return started(dir, settings, workerCapacity, List.of());
    }

    /** As {@link #started(Path, Settings, int)}, each runtime node also given {@code extraRuntimeArgs}. */
    static Cluster started(Path dir, Settings settings, int workerCapacity, List<String> extraRuntimeArgs) {
        Cluster cluster = new Cluster(dir, settings.deployment(), workerCapacity, extraRuntimeArgs);
        try {
            return cluster.start();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * Starts the worker, then every runtime node not running, as a supervisor restarting them would
     * (the worker retries until a runtime listens), and waits until the worker registered.
     */
    Cluster start() {
        String targets = nodes.stream().map(n -> n.processes.grpcTarget()).collect(Collectors.joining(","));
        List<String> workerOptions = new ArrayList<>(List.of("-Xmx1g"));
        workerOptions.addAll(deployment.workerJvmOptions());
        worker = processes.workerOf(targets, BenchWorker.class.getName(), workerOptions, "" + workerCapacity);
        for (Node node : nodes) {
            if (node.runtime == null || !node.runtime.isAlive()) {
                node.runtime = node.processes.runtime(node.dataDir, deployment.runtimeJvmOptions(), node.args);
            }
        }
        awaitRegistered();
        return this;
    }

    /** The next node's client, in turn: the workloads' calls spread evenly over the nodes. */
    MainstayClient client() {
        return nodes.get(Math.floorMod(nextClient.getAndIncrement(), nodes.size())).client;
    }

    ProcessMemory runtimeMemory() {
        return ProcessMemory.of(runtimeProcess());
    }

    ProcessMemory workerMemory() {
        return ProcessMemory.of(worker);
    }

    /** Node 1's runtime process. */
    Process runtimeProcess() {
        return nodes.get(0).runtime;
    }

    Process workerProcess() {
        return worker;
    }

    /** CPU time the runtime nodes (summed) and the worker have used so far, as the kernel counts it. */
    CpuTime cpuTime() {
        long runtime = 0;
        for (Node node : nodes) {
            runtime += CpuTime.nanosOf(node.runtime);
        }
        return new CpuTime(runtime, CpuTime.nanosOf(worker));
    }

    /** The store writers' commits so far, summed over the nodes (their own metrics). */
    CommitStats commitStats() {
        CommitStats total = new CommitStats(0, 0, 0);
        for (Node node : nodes) {
            total = total.plus(CommitStats.scrape(node.processes.url(), node.processes.adminToken()));
        }
        return total;
    }

    /** The store's size: on SQLite its file and write-ahead log, on PostgreSQL the database (the server's WAL is shared). */
    record StoreSize(long dbBytes, long walBytes) {
        long bytes() {
            return dbBytes + walBytes;
        }
    }

    StoreSize storeSize() {
        if (database != null) {
            return new StoreSize(database.sizeBytes(), 0);
        }
        return new StoreSize(sizeOf(dataDir.resolve(STORE_FILE)), sizeOf(dataDir.resolve(STORE_FILE + "-wal")));
    }

    /** The runtime's SQLite file in its data directory (SqliteJournalStore.FILE_NAME). */
    private static final String STORE_FILE = "mainstay.db";

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (java.io.IOException e) {
            return 0; // checkpointed away between the two calls
        }
    }

    /** The fresh PostgreSQL database of this cluster; null on the embedded SQLite store. */
    FreshDatabase database() {
        return database;
    }

    /** Every process still runs (a workload that waits long checks it rather than waiting in vain). */
    boolean alive() {
        return worker.isAlive() && nodes.stream().allMatch(n -> n.runtime.isAlive());
    }

    /** SIGKILL to the worker and to the runtime (node 1). */
    void killAll() {
        ProcessSet.kill(worker);
        ProcessSet.kill(runtimeProcess());
    }

    /** Until some node lists the worker (with several nodes, the worker may hold its session with any). */
    private void awaitRegistered() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (nodes.stream().noneMatch(Cluster::listsBenchWorker)) {
            if (System.nanoTime() > deadline || !worker.isAlive()) {
                throw new IllegalStateException("the bench worker did not register; see " + processes.logs());
            }
            sleep(50);
        }
    }

    private static boolean listsBenchWorker(Node node) {
        return node.client.workers().stream().anyMatch(w -> w.components().contains("bench-ten-steps"));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** Stops every process (node 1's set holds the worker and goes first), then drops the database. */
    @Override
    public void close() {
        try {
            nodes.forEach(n -> n.processes.close());
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }
}
