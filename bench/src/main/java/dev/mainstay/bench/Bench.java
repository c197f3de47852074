package dev.mainstay.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mainstay bench [W1 W2 W3 W4 W5 W6 W7 | all] [--smoke] [--database-url URL [--nodes N]]}: runs
 * workloads and prints their figures.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the workloads of WORKLOADS.md against a real runtime and worker over loopback.")
public final class Bench implements Callable<Integer> {
    private static final Map<String, Workload> WORKLOADS = new LinkedHashMap<>();

    static {
        for (Workload w : List.of(new W1Latency(), new W2Throughput(), new W3Recovery(), new W4Scale(), new W5LongJournal(),
                new W6Retention(), new W7StartUp())) {
            WORKLOADS.put(w.id(), w);
        }
    }

    @Parameters(arity = "0..*", paramLabel = "WORKLOAD", description = "W1, W2, W3, W4, W5, W6 (retention under load), W7 (start-up) or all (default all).")
    List<String> names = new ArrayList<>();

    @Option(names = "--smoke", description = "Reduced sizes: proves the harness works; the figures mean little.")
    boolean smoke;

    @Option(names = "--warmup", defaultValue = "-1",
            description = "Warm-up workflows of W1 and W2 (default: 50 and 200, as WORKLOADS.md says).")
    int warmup;

    @Option(names = "--w4-workflows", defaultValue = "0",
            description = "Workflows W4 starts and suspends (default 100000, 300 with --smoke).")
    int w4Workflows;

    @Option(names = "--database-url", description = "PostgreSQL server to run against instead of the embedded SQLite"
            + " store (jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres; password in MAINSTAY_DATABASE_PASSWORD):"
            + " each workload gets a fresh database there, dropped after.")
    String databaseUrl;

    @Option(names = "--nodes", defaultValue = "1",
            description = "Runtime processes on the one PostgreSQL database (default 1; needs --database-url).")
    int nodes;

    @Option(names = "--runtime-jvm-option", paramLabel = "OPTION",
            description = "A JVM option for every runtime process the workloads start (repeatable), after the"
                    + " launcher's own: e.g. --runtime-jvm-option=-XX:+UseSerialGC. The report's header lists them.")
    List<String> runtimeJvmOptions = new ArrayList<>();

    @Option(names = "--worker-jvm-option", paramLabel = "OPTION",
            description = "A JVM option for every worker process the workloads start (repeatable).")
    List<String> workerJvmOptions = new ArrayList<>();

    @Option(names = "--dir", description = "Working directory (data, logs); default a new temporary one.")
    Path dir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Deployment deployment;
        String storeSettings;
        try {
            deployment = new Deployment(databaseUrl, nodes, runtimeJvmOptions, workerJvmOptions);
            storeSettings = deployment.settingsLine();
        } catch (IllegalArgumentException | IllegalStateException e) { // a bad flag, or no PostgreSQL server there
            System.err.println(e.getMessage());
            return 2;
        }
        Settings settings = new Settings(smoke, warmup, w4Workflows, deployment);
        List<Workload> selected = new ArrayList<>();
        if (names.isEmpty() || names.contains("all")) {
            selected.addAll(WORKLOADS.values());
        } else {
            for (String name : names) {
                Workload w = WORKLOADS.get(name.toUpperCase());
                if (w == null) {
                    System.err.println("unknown workload '" + name + "'; use one of " + WORKLOADS.keySet() + " or all");
                    return 2;
                }
                selected.add(w);
            }
        }
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("mainstay-bench");
        Report report = new Report(System.out, deployment.label());
        report.header(String.join(" ", selected.stream().map(Workload::id).toList()), smoke, storeSettings);
        report.note("work dir " + work);
        if (!deployment.jvmOptionsLine().isEmpty()) {
            report.note(deployment.jvmOptionsLine());
        }
        for (Workload w : selected) {
            w.run(Files.createDirectories(work.resolve(w.id())), settings, report);
        }
        return 0;
    }
}
