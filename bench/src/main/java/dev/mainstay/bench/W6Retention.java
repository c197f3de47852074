package dev.mainstay.bench;

import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StartOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * W6 (beyond WORKLOADS.md): retention under load. 64 clients run 10-step workflows back to back
 * (W2's load) through three phases: a warm-up (not counted), a phase that keeps every run, then one
 * in which the workflow's retention ({@code PUT /v1/workflows/{name}/retention}) deletes runs 10 s
 * after they finished: its first pass drains the backlog of every run so far while new ones are
 * written. It also shows the runtime warm, as W2's 2,200 workflows cannot: each phase line carries
 * the CPU per step W2 prints (runs that began in a phase count in it). Every sample prints the finished runs the store keeps and its size; a line per counted
 * phase the runs done and their latency (start to result). The deleting phase's latency against the
 * keeping phase's is what deleting costs the writer; its store size, which stops growing once the
 * backlog is gone (SQLite reuses the freed pages), and its count of kept runs, which falls to about
 * a retention's worth, say whether the store stays bounded.
 */
final class W6Retention implements Workload {
    static final String WORKFLOW = "bench-ten-steps";
    private static final int IN_FLIGHT = 64;
    private static final double MIB = 1024.0 * 1024;
    private static final Duration RETENTION = Duration.ofSeconds(10);

    /** A phase's runs, by their latency; {@code cpu} what the processes spent in it, once it ended. */
    private record Phase(String name, Duration length, ConcurrentLinkedQueue<Long> latencies,
                         AtomicReference<CpuTime> cpu) {
        Phase(String name, Duration length) {
            this(name, length, new ConcurrentLinkedQueue<>(), new AtomicReference<>());
        }
    }

    @Override
    public String id() {
        return "W6";
    }

    @Override
    public void run(Path dir, Settings settings, Report report) throws Exception {
        boolean smoke = settings.smoke();
        List<Phase> phases = List.of(new Phase("warm-up", Duration.ofSeconds(smoke ? 2 : 20)),
                new Phase("keeping", Duration.ofSeconds(smoke ? 2 : 30)),
                new Phase("deleting", Duration.ofSeconds(smoke ? 6 : 60)));
        Duration every = Duration.ofSeconds(smoke ? 1 : 5);
        try (Cluster cluster = Cluster.started(dir, settings, 1_000)) {
            AtomicReference<Phase> phase = new AtomicReference<>(phases.get(0));
            AtomicInteger failed = new AtomicInteger();
            ConcurrentLinkedQueue<Long> recent = new ConcurrentLinkedQueue<>(); // since the last sample
            long start = System.nanoTime();
            long end = start + phases.stream().mapToLong(p -> p.length().toNanos()).sum();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < IN_FLIGHT; c++) {
                    done.add(clients.submit(() -> drive(cluster, end, phase, recent, failed)));
                }
                long phaseEnd = start;
                for (Phase next : phases) {
                    CpuTime cpuBefore = cluster.cpuTime();
                    phase.set(next);
                    boolean deletes = next.name().equals("deleting");
                    if (deletes) {
                        cluster.client().setRetention(WORKFLOW, RETENTION);
                    }
                    phaseEnd += next.length().toNanos();
                    for (long sample = System.nanoTime() + every.toNanos(); sample <= phaseEnd; sample += every.toNanos()) {
                        Cluster.sleep(Math.max(0, (sample - System.nanoTime()) / 1_000_000));
                        List<Long> window = new ArrayList<>();
                        for (Long latency; (latency = recent.poll()) != null; ) {
                            window.add(latency);
                        }
                        Stats windowStats = new Stats(window.stream().mapToLong(Long::longValue).toArray());
                        report.line(id(), "phase", "sample", "while", next.name(), "seconds", (System.nanoTime() - start) / 1e9,
                                "runs_done", phases.stream().mapToInt(p -> p.latencies().size()).sum(),
                                "window_p50_ms", window.isEmpty() ? -1 : windowStats.percentile(50),
                                "window_p99_ms", window.isEmpty() ? -1 : windowStats.percentile(99),
                                // counted only while deleting: paging every kept run would weigh on the CPU figures
                                "finished_runs_kept", deletes ? W4Scale.count(cluster.client(), RunStatus.COMPLETED) : -1,
                                "store_mib", cluster.storeSize().bytes() / MIB);
                    }
                    Cluster.sleep(Math.max(0, (phaseEnd - System.nanoTime()) / 1_000_000));
                    next.cpu().set(cluster.cpuTime().since(cpuBefore));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
            for (Phase counted : phases.subList(1, phases.size())) {
                Stats stats = stats(counted);
                report.line(id(), "phase", counted.name(), "seconds", counted.length().toSeconds(),
                        "retention_s", counted.name().equals("deleting") ? RETENTION.toSeconds() : 0,
                        "runs_done", counted.latencies().size(), "failed", failed.get(),
                        "workflows_per_s", counted.latencies().size() / (double) counted.length().toSeconds(),
                        "workflow_p50_ms", stats.percentile(50), "workflow_p99_ms", stats.percentile(99),
                        "workflow_max_ms", stats.percentile(100),
                        "runtime_cpu_us_per_step", counted.cpu().get().runtimeMicrosPer(counted.latencies().size() * 10L),
                        "worker_cpu_us_per_step", counted.cpu().get().workerMicrosPer(counted.latencies().size() * 10L));
            }
        }
    }

    private static Stats stats(Phase phase) {
        return new Stats(phase.latencies().stream().mapToLong(Long::longValue).toArray());
    }

    /** One client: runs back to back until {@code endNanos}, each latency counted in the phase it began in. */
    private static Void drive(Cluster cluster, long endNanos, AtomicReference<Phase> phase,
                              ConcurrentLinkedQueue<Long> recent, AtomicInteger failed) {
        String input = "x".repeat(100);
        while (System.nanoTime() < endNanos) {
            Phase now = phase.get();
            long begin = System.nanoTime();
            RunInfo run = cluster.client().startAndWait(WORKFLOW, input, StartOptions.defaults(), Duration.ofSeconds(60));
            long latency = System.nanoTime() - begin;
            now.latencies().add(latency);
            recent.add(latency);
            if (run.status() != RunStatus.COMPLETED) {
                failed.incrementAndGet();
            }
        }
        return null;
    }
}
