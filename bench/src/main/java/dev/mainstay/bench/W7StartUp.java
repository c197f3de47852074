package dev.mainstay.bench;

import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StartOptions;
import dev.mainstay.testing.ProcessSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * W7 (beyond WORKLOADS.md): start-up, issue 14's targets. The time from launching the runtime process
 * to its first 200 of {@code /readyz}, on a fresh data directory and then restarted on it; and the time
 * from launching a new worker process to its first dispatch (the run it is given leaves PENDING), with
 * a run already waiting. Each restart and each worker is measured {@code rounds} times; the medians
 * are reported. The runtime is started as the test kit starts it (its own JVM with a CDS archive).
 */
final class W7StartUp implements Workload {
    @Override
    public String id() {
        return "W7";
    }

    @Override
    public void run(Path dir, Settings settings, Report report) {
        int rounds = settings.smoke() ? 1 : 5;
        try (FreshDatabase database = settings.deployment().isPostgres()
                ? FreshDatabase.create(settings.deployment().databaseUrl()) : null) {
            Deployment deployment = settings.deployment();
            String[] args = Cluster.runtimeArgs(database == null ? null : database.url(), 1, 1).toArray(String[]::new);
            ProcessSet processes = new ProcessSet(dir.resolve("logs")).withAdminToken(ProcessSet.newAdminToken());
            Path data = dir.resolve("data");
            long begin = System.nanoTime();
            Process runtime = processes.runtime(data, deployment.runtimeJvmOptions(), args);
            double fresh = millisSince(begin);
            MainstayClient client = processes.client();
            Process worker = processes.worker(BenchWorker.class.getName(), deployment.workerJvmOptions());
            once(client, Duration.ofSeconds(60)); // the worker registers the workflow, so later starts wait for one
            ProcessSet.stop(worker);
            ProcessSet.stop(runtime);

            long[] restarts = new long[rounds];
            long[] firstDispatches = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                begin = System.nanoTime();
                runtime = processes.runtime(data, deployment.runtimeJvmOptions(), args);
                restarts[i] = System.nanoTime() - begin;
                String runId = client.start("bench-ten-steps", "x", StartOptions.defaults()).id();
                begin = System.nanoTime();
                worker = processes.worker(BenchWorker.class.getName(), deployment.workerJvmOptions());
                awaitDispatched(client, runId, worker);
                firstDispatches[i] = System.nanoTime() - begin;
                ProcessSet.stop(worker);
                ProcessSet.stop(runtime);
            }
            Stats restart = new Stats(restarts);
            Stats dispatch = new Stats(firstDispatches);
            report.line(id(), "rounds", rounds, "runtime_ready_fresh_ms", fresh,
                    "runtime_ready_restart_p50_ms", restart.percentile(50), "runtime_ready_restart_max_ms", restart.percentile(100),
                    "worker_first_dispatch_p50_ms", dispatch.percentile(50), "worker_first_dispatch_max_ms", dispatch.percentile(100));
        }
    }

    private static void once(MainstayClient client, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                RunInfo run = client.startAndWait("bench-ten-steps", "x", StartOptions.defaults(), Duration.ofSeconds(30));
                if (run.status() != RunStatus.COMPLETED) {
                    throw new IllegalStateException("the warm-up run ended " + run.status());
                }
                return;
            } catch (RuntimeException notYet) { // the worker has not registered the workflow yet
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Cluster.sleep(20);
            }
        }
    }

    /** Until the run left PENDING: a worker claimed it. */
    private static void awaitDispatched(MainstayClient client, String runId, Process worker) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (client.run(runId).status() == RunStatus.PENDING) {
            if (System.nanoTime() > deadline || !worker.isAlive()) {
                throw new IllegalStateException("run " + runId + " was not dispatched to the new worker");
            }
            Cluster.sleep(5);
        }
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
