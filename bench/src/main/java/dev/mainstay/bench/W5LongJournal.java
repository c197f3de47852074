package dev.mainstay.bench;

import dev.mainstay.bench.BenchWorkflows.LongPlan;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StartOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * W5: one workflow of 10,000 sequential steps; time per step over steps 1-100 and 9,901-10,000
 * (flat means no per-step cost grows with the journal). Then a second run is stopped with SIGKILL
 * of worker and runtime at step 9,000; after the restart the worker replays the journal and step
 * 9,000 runs again: replay time is from the body's start on the new dispatch to that step's start.
 */
final class W5LongJournal implements Workload {
    @Override
    public String id() {
        return "W5";
    }

    @Override
    public void run(Path dir, Settings settings, Report report) throws Exception {
        int steps = settings.smoke() ? 1_000 : 10_000;
        int killAt = settings.smoke() ? 900 : 9_000;
        Path marks = Files.createDirectories(dir.resolve("marks"));
        try (Cluster cluster = Cluster.started(dir, settings, 1_000)) {
            long start = System.nanoTime();
            RunInfo straight = cluster.client().startAndWait("bench-long",
                    new LongPlan(marks.toString(), steps, -1), StartOptions.defaults(), Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;
            check(straight);
            report.line(id(), "phase", "run", "steps", steps, "seconds", seconds,
                    "first100_ms_per_step", straight.output().path("first100_us_per_step").asDouble() / 1000,
                    "last100_ms_per_step", straight.output().path("last100_us_per_step").asDouble() / 1000);

            Files.writeString(marks.resolve("block"), "yes");
            RunInfo stopped = cluster.client().start("bench-long", new LongPlan(marks.toString(), steps, killAt),
                    StartOptions.defaults());
            while (!Files.exists(marks.resolve("blocked"))) {
                Cluster.sleep(10);
            }
            cluster.killAll();
            Files.delete(marks.resolve("block"));
            Instant restart = Instant.now();
            cluster.start();
            RunInfo resumed = cluster.client().await(stopped.id(), Duration.ofMinutes(10));
            check(resumed);
            Instant bodyStarted = Instant.parse(Files.readString(marks.resolve("body-started")));
            Instant markStarted = Instant.parse(Files.readString(marks.resolve("mark-started")));
            report.line(id(), "phase", "replay", "replayed_steps", killAt - 1,
                    "replay_ms", Duration.between(bodyStarted, markStarted).toNanos() / 1e6,
                    "restart_to_resume_ms", Duration.between(restart, markStarted).toNanos() / 1e6);
        }
    }

    private static void check(RunInfo run) {
        if (run.status() != RunStatus.COMPLETED) {
            throw new IllegalStateException("run " + run.id() + " ended " + run.status() + ": " + run.error());
        }
    }
}
