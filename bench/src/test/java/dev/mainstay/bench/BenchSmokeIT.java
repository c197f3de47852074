package dev.mainstay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
    static final String POSTGRES = System.getenv().getOrDefault("MAINSTAY_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    @TempDir
    Path dir;

    @Test
    void smoke_printsEveryWorkloadsFigures() {
        List<String> lines = bench("all", "--smoke", "--dir", dir.toString());

        assertThat(lines).anyMatch(l -> l.startsWith("# machine cpus="));
        assertThat(lines).contains(
                "# store=sqlite journal_mode=WAL synchronous=FULL (every commit fsynced) group_commit=on transport=grpc-loopback");
        assertRecoveryWorkloads(lines, "store=sqlite");
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
        assertThat(lines).anyMatch(l -> l.startsWith("system=mainstay store=sqlite workload=W6 phase=sample while=deleting ")
                && l.contains(" finished_runs_kept=") && l.contains(" store_mib="));
        assertThat(lines).anyMatch(l -> l.startsWith("system=mainstay store=sqlite workload=W7 rounds=1 ")
                && l.contains(" runtime_ready_restart_p50_ms=") && l.contains(" worker_first_dispatch_p50_ms="));
        assertThat(lines).anyMatch(l -> l.startsWith("system=mainstay store=sqlite workload=W6 phase=deleting ")
                && l.contains(" failed=0 ") && l.contains(" runtime_cpu_us_per_step="));
    }

    /** W1-W3 on PostgreSQL, one node: each workload on a fresh database, none left behind. */
    @Test
    void smoke_onPostgresql_printsTheFiguresAndDropsItsDatabases() throws SQLException {
        assumeTrue(postgresUp() || System.getenv("CI") != null, "no PostgreSQL at " + POSTGRES);
        List<String> before = benchDatabases();

        List<String> lines = bench("W1", "W2", "W3", "--smoke", "--database-url", POSTGRES, "--dir", dir.toString());

        assertThat(lines).anyMatch(l -> l.startsWith("# store=postgresql nodes=1 server_version=")
                && l.contains(" synchronous_commit=") && l.endsWith(" transport=grpc-loopback"));
        assertRecoveryWorkloads(lines, "store=postgresql nodes=1");
        assertThat(benchDatabases()).isSubsetOf(before);
    }

    private static void assertRecoveryWorkloads(List<String> lines, String store) {
        String prefix = "system=mainstay " + store + " workload=";
        String w1 = lines.stream().filter(l -> l.startsWith(prefix + "W1 ")).findFirst().orElseThrow();
        assertThat(w1).contains(" p50_ms=", " batch_ms_mean=");
        // a sequential run of ten steps commits each step, its start, its claim and its end: read from the runtime's metrics
        assertThat(figure(w1, "commits_per_run")).isBetween(10.0, 20.0);
        assertThat(lines).anyMatch(l -> l.startsWith(prefix + "W2 ") && l.contains(" failed=0 ")
                && l.contains(" commits_per_step=") && l.contains(" batch_writes_mean="));
        assertThat(lines).anyMatch(l -> l.startsWith(prefix + "W3 ")
                && l.contains(" runs_lost=0 ") && l.contains(" steps_reexecuted_beyond_inflight=0 ")
                && l.endsWith(" steps_never_run=0"));
    }

    private static double figure(String line, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(" " + name + "=([0-9.]+)").matcher(line);
        assertThat(m.find()).as(name + " in " + line).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** Runs the harness in this JVM and returns what it printed, after checking it exited 0. */
    private static List<String> bench(String... args) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new Bench()).execute(args);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(exit).isZero();
        return Arrays.asList(output.split("\n"));
    }

    private static boolean postgresUp() {
        try (Connection ignored = DriverManager.getConnection(POSTGRES)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static List<String> benchDatabases() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(POSTGRES);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT datname FROM pg_database WHERE datname LIKE '" + FreshDatabase.PREFIX + "%'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
