package dev.mainstay.bench;

import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StartOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * W1: a workflow of 10 sequential steps, each returning its 100-byte input plus the step index;
 * 50 warm-up runs, then 300 sequential runs. Latency is from the client's start call to the result
 * in the client's hand (one HTTP request that starts the run and waits for it).
 */
final class W1Latency implements Workload {
    @Override
    public String id() {
        return "W1";
    }

    @Override
    public void run(Path dir, Settings settings, Report report) {
        int warmup = settings.warmupOr(settings.smoke() ? 20 : 50);
        int runs = settings.smoke() ? 50 : 300;
        String input = "x".repeat(100);
        try (Cluster cluster = Cluster.started(dir, settings, 1_000)) {
            for (int i = 0; i < warmup; i++) {
                once(cluster, input);
            }
            long[] latencies = new long[runs];
            CommitStats before = cluster.commitStats();
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                once(cluster, input);
                latencies[i] = System.nanoTime() - start;
            }
            CommitStats commits = cluster.commitStats().since(before);
            Stats stats = new Stats(latencies);
            // a run's commits times a commit's time is the part of its latency that the store's durability costs
            report.line(id(), "warmup_runs", warmup, "runs", runs, "steps_per_run", 10, "p50_ms", stats.percentile(50),
                    "p99_ms", stats.percentile(99), "mean_ms", stats.mean(),
                    "per_step_ms", stats.percentile(50) / 10, "commits_per_run", commits.commitsPer(runs),
                    "batch_ms_mean", commits.meanBatchMs());
        }
    }

    private static void once(Cluster cluster, String input) {
        RunInfo run = cluster.client().startAndWait("bench-ten-steps", input, StartOptions.defaults(), Duration.ofSeconds(30));
        if (run.status() != RunStatus.COMPLETED || !run.output().asText().equals(input + 10)) {
            throw new IllegalStateException("run " + run.id() + " ended " + run.status() + " with " + run.output());
        }
    }
}
