package dev.mainstay.bench;

import dev.mainstay.bench.BenchWorkflows.EffectsPlan;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StartOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * W3: 200 workflows of 20 steps; each step increments a per-(run, step) counter in a SQLite file
 * the worker owns and sleeps 20 ms. About 2 s in, the worker and the runtime get SIGKILL and are
 * restarted on the same data directory (with several runtime nodes: the worker and node 1; the other
 * nodes keep running). The worker takes 32 runs at once, so the kill lands with runs finished, in
 * flight and not yet started.
 */
final class W3Recovery implements Workload {
    private static final int WORKER_CAPACITY = 32;

    @Override
    public String id() {
        return "W3";
    }

    @Override
    public void run(Path dir, Settings settings, Report report) throws Exception {
        int workflows = settings.smoke() ? 40 : 200;
        int steps = settings.smoke() ? 10 : 20;
        long killAfterMs = settings.smoke() ? 500 : 2_000;
        String db = dir.resolve("effects.db").toAbsolutePath().toString();
        try (Cluster cluster = Cluster.started(dir, settings, WORKER_CAPACITY)) {
            List<String> runIds = new ArrayList<>();
            for (int i = 0; i < workflows; i++) {
                runIds.add(cluster.client().start("bench-effects", new EffectsPlan(db, steps, 20), StartOptions.defaults()).id());
            }
            Cluster.sleep(killAfterMs);
            cluster.killAll();

            long restart = System.nanoTime();
            cluster.start();
            int lost = 0;
            for (String runId : runIds) {
                RunInfo run = cluster.client().await(runId, Duration.ofSeconds(60));
                if (run.status() != RunStatus.COMPLETED) {
                    lost++;
                }
            }
            double seconds = (System.nanoTime() - restart) / 1e9;
            Map<String, int[]> counts = counts(db, steps);
            int beyondInFlight = 0;
            int neverRun = 0;
            for (String runId : runIds) {
                int[] perStep = counts.getOrDefault(runId, new int[steps + 1]);
                int extra = 0;
                for (int step = 1; step <= steps; step++) {
                    if (perStep[step] == 0) {
                        neverRun++;
                    }
                    extra += Math.max(0, perStep[step] - 1);
                }
                beyondInFlight += Math.max(0, extra - 1); // one step per run may have been in flight at the kill
            }
            report.line(id(), "workflows", workflows, "steps", steps, "worker_capacity", WORKER_CAPACITY,
                    "killed_after_ms", killAfterMs, "seconds_restart_to_all_complete", seconds, "runs_lost", lost,
                    "steps_reexecuted_beyond_inflight", beyondInFlight, "steps_never_run", neverRun);
        }
    }

    private static Map<String, int[]> counts(String db, int steps) throws Exception {
        Map<String, int[]> counts = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             PreparedStatement ps = c.prepareStatement("SELECT run_id, step, count FROM effects");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.computeIfAbsent(rs.getString(1), k -> new int[steps + 1])[rs.getInt(2)] = rs.getInt(3);
            }
        }
        return counts;
    }
}
