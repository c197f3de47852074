package dev.mainstay.bench;

import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunList;
import dev.mainstay.sdk.RunQuery;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StartOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * W4: 100,000 workflows that each start, run one step, then wait durably (the event "wake", for up
 * to an hour: see {@link BenchWorkflows#stepThenWait}); then the event to 1,000 of them.
 *
 * <p>Four lines: {@code phase=idle} (both processes just started), {@code phase=start} (seconds to
 * start them all, and until all are suspended), {@code phase=memory} (resident memory of the runtime
 * and of the worker before and after, live heaps after a full GC, store size) and {@code phase=wake}
 * (seconds from the first event sent until the last woken run completed).
 *
 * <p>How: 64 clients start the runs over HTTP, each taking the next index until all are started.
 * "All suspended" is polled cheaply, every 250 ms, as "no run PENDING and none RUNNING" (two
 * one-row pages read through the status index), then counted exactly once by paging the SUSPENDED
 * runs 1,000 at a time. The woken runs are spread evenly over the start order; the same 64 clients
 * send all the events, then await each result.
 *
 * <p>Why not one client per woken run: 1,000 fresh connections at once overflow the runtime's HTTP
 * accept queue (the JVM's default backlog of 50), and the dropped connections, not the runtime's
 * wake-up path, then set the figure (SYN retransmits after 1 s, some requests fail outright).
 */
final class W4Scale implements Workload {
    static final String WORKFLOW = "bench-step-then-wait";
    private static final int IN_FLIGHT = 64;
    private static final int WAKE = 1_000;
    private static final long POLL_MS = 250;
    private static final double MIB = 1024.0 * 1024;

    @Override
    public String id() {
        return "W4";
    }

    @Override
    public void run(Path dir, Settings settings, Report report) throws Exception {
        int workflows = settings.w4Workflows() > 0 ? settings.w4Workflows() : settings.smoke() ? 300 : 100_000;
        int wake = Math.min(WAKE, settings.smoke() ? Math.max(1, workflows / 3) : workflows);
        Duration patience = Duration.ofMinutes(settings.smoke() ? 2 : 30);
        try (Cluster cluster = Cluster.started(dir, settings, 1_000)) {
            ProcessMemory runtimeIdle = cluster.runtimeMemory();
            ProcessMemory workerIdle = cluster.workerMemory();
            report.line(id(), "phase", "idle", "runtime_rss_mib", runtimeIdle.rssMib(), "worker_rss_mib", workerIdle.rssMib(),
                    "runtime_live_heap_mib", liveHeapMib(cluster.runtimeProcess(), dir.resolve("runtime-histogram-idle.txt")),
                    "worker_live_heap_mib", liveHeapMib(cluster.workerProcess(), dir.resolve("worker-histogram-idle.txt")));

            long start = System.nanoTime();
            Started started = startAll(cluster, workflows);
            double startSeconds = (System.nanoTime() - start) / 1e9;
            awaitNoneActive(cluster, start + patience.toNanos());
            double suspendedSeconds = (System.nanoTime() - start) / 1e9;
            ProcessMemory runtime = cluster.runtimeMemory();
            ProcessMemory worker = cluster.workerMemory();
            int suspended = count(cluster.client(), RunStatus.SUSPENDED);
            report.line(id(), "phase", "start", "workflows", workflows, "in_flight", IN_FLIGHT,
                    "start_failed", started.failed(), "seconds_to_start_all", startSeconds,
                    "starts_per_s", workflows / startSeconds, "seconds_to_all_suspended", suspendedSeconds,
                    "suspended", suspended, "failed", count(cluster.client(), RunStatus.FAILED));
            if (started.firstError() != null) {
                report.note("W4 first start failure: " + started.firstError());
            }
            reportMemory(report, dir, cluster, runtime, workerIdle, worker, workflows);

            wakeAndReport(report, cluster, spread(started.ids(), wake));
        }
    }

    private record Started(String[] ids, int failed, String firstError) {}

    /** Starts {@code total} runs with {@link #IN_FLIGHT} clients; ids in start order (null where a start failed). */
    private static Started startAll(Cluster cluster, int total) {
        String[] ids = new String[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < IN_FLIGHT; c++) {
                clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        try {
                            ids[i] = cluster.client().start(WORKFLOW, "w4-" + i, StartOptions.defaults()).id();
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, e.toString());
                        }
                    }
                });
            }
        }
        return new Started(ids, failed.get(), firstError.get());
    }

    /** Waits until no run is PENDING or RUNNING: every started run is suspended (or ended). */
    private static void awaitNoneActive(Cluster cluster, long deadlineNanos) {
        while (true) {
            boolean pending = !page(cluster.client(), RunStatus.PENDING, 1, null).runs().isEmpty();
            boolean running = !page(cluster.client(), RunStatus.RUNNING, 1, null).runs().isEmpty();
            if (!pending && !running) {
                return;
            }
            if (!cluster.alive()) {
                throw new IllegalStateException("W4: a process exited while runs were still "
                        + (pending ? "PENDING" : "RUNNING") + "; see " + cluster.processes.logs());
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("W4: runs still " + (pending ? "PENDING" : "RUNNING")
                        + " at the deadline; suspended so far: " + count(cluster.client(), RunStatus.SUSPENDED));
            }
            Cluster.sleep(POLL_MS);
        }
    }

    /** The number of runs in {@code status}, paging 1,000 at a time (one client: the cursor's node). */
    static int count(MainstayClient client, RunStatus status) {
        int count = 0;
        String cursor = null;
        do {
            RunList page = page(client, status, 1_000, cursor);
            count += page.runs().size();
            cursor = page.nextCursor();
        } while (cursor != null);
        return count;
    }

    private static RunList page(MainstayClient client, RunStatus status, int limit, String cursor) {
        return client.runs(RunQuery.defaults().withStatus(status).withLimit(limit).withCursor(cursor));
    }

    private static void reportMemory(Report report, Path dir, Cluster cluster, ProcessMemory runtime,
                                     ProcessMemory workerBefore, ProcessMemory workerAfter, int workflows)
            throws IOException {
        Cluster.StoreSize size = cluster.storeSize();
        long db = size.dbBytes();
        long wal = size.walBytes();
        // the resident sets were read before: the class histograms run a full GC, which may give memory back
        report.line("W4", "phase", "memory", "suspended_runs", workflows,
                "runtime_rss_mib", runtime.rssMib(), "runtime_peak_rss_mib", runtime.peakRssMib(),
                "runtime_live_heap_mib", liveHeapMib(cluster.runtimeProcess(), dir.resolve("runtime-histogram.txt")),
                "worker_rss_mib_before", workerBefore.rssMib(), "worker_rss_mib_after", workerAfter.rssMib(),
                "worker_peak_rss_mib", workerAfter.peakRssMib(),
                "worker_live_heap_mib", liveHeapMib(cluster.workerProcess(), dir.resolve("worker-histogram.txt")),
                "store_mib", (db + wal) / MIB, "store_db_mib", db / MIB, "store_wal_mib", wal / MIB,
                "store_bytes_per_run", (db + wal) / workflows);
        report.note("W4 class histograms (live objects after a full GC): " + dir + "/{runtime,worker}-histogram{-idle,}.txt");
    }

    /** Live heap after a full GC, in MiB (-1 when jcmd failed); the class histogram is kept in {@code histogram}. */
    private static double liveHeapMib(Process process, Path histogram) {
        long bytes = ProcessMemory.liveHeapBytes(process, histogram);
        return bytes < 0 ? -1 : bytes / MIB;
    }

    /** {@code count} of the started runs, evenly spaced over the start order. */
    private static List<String> spread(String[] ids, int count) {
        List<String> started = Arrays.stream(ids).filter(Objects::nonNull).toList();
        List<String> chosen = new ArrayList<>();
        int n = Math.min(count, started.size());
        for (int i = 0; i < n; i++) {
            chosen.add(started.get((int) ((long) i * started.size() / n)));
        }
        return chosen;
    }

    private void wakeAndReport(Report report, Cluster cluster, List<String> chosen) {
        Woken woken = wake(cluster, chosen);
        Stats latency = new Stats(woken.latencyNanos().length == 0 ? new long[] {0} : woken.latencyNanos());
        report.line(id(), "phase", "wake", "events", chosen.size(), "clients", IN_FLIGHT, "completed", woken.completed(),
                "seconds_to_all_completed", woken.seconds(), "p50_ms", latency.percentile(50),
                "p99_ms", latency.percentile(99), "max_ms", latency.percentile(100),
                "runtime_rss_mib", cluster.runtimeMemory().rssMib(), "worker_rss_mib", cluster.workerMemory().rssMib());
        if (woken.firstError() != null) {
            report.note("W4 first wake failure: " + woken.firstError());
        }
    }

    private record Woken(int completed, double seconds, long[] latencyNanos, String firstError) {}

    /**
     * Sends "wake" to every chosen run, then awaits each result; {@link #IN_FLIGHT} clients share the
     * runs, so all events are in the runtime at once while the clients keep their connections. A run's
     * latency is from its event sent to its {@code finishedAt} (the runtime's clock: same machine).
     */
    private static Woken wake(Cluster cluster, List<String> runIds) {
        long[] sentAtMs = new long[runIds.size()];
        long[] latencies = new long[runIds.size()];
        Arrays.fill(latencies, -1);
        AtomicInteger completed = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < IN_FLIGHT; c++) {
                int first = c;
                clients.submit(() -> {
                    for (int i = first; i < runIds.size(); i += IN_FLIGHT) {
                        sentAtMs[i] = System.currentTimeMillis();
                        try {
                            cluster.client().sendEvent(runIds.get(i), "wake", "now", null);
                        } catch (RuntimeException e) {
                            firstError.compareAndSet(null, e.toString());
                        }
                    }
                    for (int i = first; i < runIds.size(); i += IN_FLIGHT) {
                        try {
                            RunInfo run = cluster.client().await(runIds.get(i), Duration.ofSeconds(120));
                            if (run.status() == RunStatus.COMPLETED) {
                                completed.incrementAndGet();
                                latencies[i] = (run.finishedAt().toEpochMilli() - sentAtMs[i]) * 1_000_000;
                            } else {
                                firstError.compareAndSet(null, "run " + run.id() + " is " + run.status() + " after 120 s");
                            }
                        } catch (RuntimeException e) {
                            firstError.compareAndSet(null, e.toString());
                        }
                    }
                });
            }
        }
        return new Woken(completed.get(), (System.nanoTime() - start) / 1e9,
                Arrays.stream(latencies).filter(l -> l >= 0).toArray(), firstError.get());
    }
}
