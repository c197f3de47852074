package dev.mainstay.bench;

import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StartOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * W2: 2000 workflows of 10 steps, 64 in flight at once (64 clients, each starting a run and
 * waiting for its result, then the next). Reports workflows/s and steps/s from the first submit to
 * the last result; a warm-up of 200 workflows runs first and is not counted. Also reports each
 * workflow's latency (start to result, as its client sees it) at p50 and p99, and the CPU the
 * runtime and the worker spent per step over the measured window.
 */
final class W2Throughput implements Workload {
    @Override
    public String id() {
        return "W2";
    }

    @Override
    public void run(Path dir, Settings settings, Report report) throws Exception {
        int workflows = settings.smoke() ? 200 : 2_000;
        int inFlight = 64;
        try (Cluster cluster = Cluster.started(dir, settings, 1_000)) {
            int warmup = settings.warmupOr(settings.smoke() ? 64 : 200);
            drive(cluster, warmup, inFlight, new long[warmup]);
            long[] latencies = new long[workflows];
            CpuTime cpuBefore = cluster.cpuTime();
            CommitStats commitsBefore = cluster.commitStats();
            long start = System.nanoTime();
            int failed = drive(cluster, workflows, inFlight, latencies);
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuTime cpu = cluster.cpuTime().since(cpuBefore);
            CommitStats commits = cluster.commitStats().since(commitsBefore);
            Stats stats = new Stats(latencies);
            int steps = workflows * 10;
            report.line(id(), "warmup_workflows", warmup, "workflows", workflows, "in_flight", inFlight, "failed", failed,
                    "seconds", seconds, "workflows_per_s", workflows / seconds, "steps_per_s", steps / seconds,
                    "workflow_p50_ms", stats.percentile(50), "workflow_p99_ms", stats.percentile(99),
                    "runtime_cpu_us_per_step", cpu.runtimeMicrosPer(steps), "worker_cpu_us_per_step", cpu.workerMicrosPer(steps),
                    "commits_per_step", commits.commitsPer(steps), "batch_writes_mean", commits.meanBatchSize(),
                    "batch_ms_mean", commits.meanBatchMs());
        }
    }

    /**
     * Runs {@code total} workflows with {@code inFlight} clients, each one's latency into
     * {@code latencies}; returns how many did not complete.
     */
    private static int drive(Cluster cluster, int total, int inFlight, long[] latencies) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        String input = "x".repeat(100);
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < inFlight; c++) {
                done.add(clients.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < total) {
                        long begin = System.nanoTime();
                        RunInfo run = cluster.client().startAndWait("bench-ten-steps", input, StartOptions.defaults(),
                                Duration.ofSeconds(60));
                        latencies[i] = System.nanoTime() - begin;
                        if (run.status() != RunStatus.COMPLETED) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        return failed.get();
    }
}
