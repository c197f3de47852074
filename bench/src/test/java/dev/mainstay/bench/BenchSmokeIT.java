package dev.mainstay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The harness works end to end at smoke sizes: every workload runs against real processes and
 * prints its figures. No timing is asserted (CI machines vary); only that the figures exist and
 * that nothing was lost.
 */
class BenchSmokeIT {
    @TempDir
    Path dir;

    @Test
    void smoke_printsEveryWorkloadsFigures() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new Bench()).execute("all", "--smoke", "--dir", dir.toString());
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        System.out.println(output);
        List<String> lines = Arrays.asList(output.split("\n"));

        assertThat(exit).isZero();
        assertThat(lines).anyMatch(l -> l.startsWith("# machine cpus="));
        assertThat(lines).anyMatch(l -> l.startsWith("system=mainstay store=sqlite workload=W1 ") && l.contains(" p50_ms="));
        assertThat(lines).anyMatch(l -> l.startsWith("system=mainstay store=sqlite workload=W2 ") && l.contains(" failed=0 "));
        assertThat(lines).anyMatch(l -> l.startsWith("system=mainstay store=sqlite workload=W3 ")
                && l.contains(" runs_lost=0 ") && l.contains(" steps_reexecuted_beyond_inflight=0 ")
                && l.endsWith(" steps_never_run=0"));
        assertThat(lines).anyMatch(l -> l.startsWith("system=mainstay store=sqlite workload=W4 phase=idle ")
                && l.contains(" worker_rss_mib="));
        assertThat(lines).anyMatch(l -> l.startsWith("system=mainstay store=sqlite workload=W4 phase=start workflows=300 ")
                && l.contains(" start_failed=0 ") && l.contains(" seconds_to_all_suspended=")
                && l.contains(" suspended=300 ") && l.endsWith(" failed=0"));
        assertThat(lines).anyMatch(l -> l.startsWith("system=mainstay store=sqlite workload=W4 phase=memory ")
                && l.contains(" runtime_rss_mib=") && l.contains(" worker_rss_mib_after=") && l.contains(" store_mib="));
        assertThat(lines).anyMatch(l -> l.startsWith("system=mainstay store=sqlite workload=W4 phase=wake events=100 clients=64 completed=100 ")
                && l.contains(" seconds_to_all_completed="));
        assertThat(lines).anyMatch(l -> l.startsWith("system=mainstay store=sqlite workload=W5 phase=run "));
        assertThat(lines).anyMatch(l -> l.startsWith("system=mainstay store=sqlite workload=W5 phase=replay ")
                && l.contains(" replay_ms="));
    }
}
