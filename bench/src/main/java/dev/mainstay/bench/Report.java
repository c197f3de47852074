package dev.mainstay.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The harness's output: a header, then one machine-readable {@code key=value} line per figure. */
final class Report {
    private final PrintStream out;
    private final String store;

    /** {@code store} names the store on every line ({@link Deployment#label()}). */
    Report(PrintStream out, String store) {
        this.out = out;
        this.store = store;
    }

    /** {@code storeSettings}: {@link Deployment#settingsLine()}. */
    void header(String workloads, boolean smoke, String storeSettings) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        out.printf(Locale.ROOT, "# mainstay bench %s%s%n", workloads, smoke ? " (smoke: reduced sizes, figures not comparable)" : "");
        out.printf(Locale.ROOT, "# machine cpus=%d cpu=\"%s\" memory_gib=%.1f os=\"%s %s\"%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), os.getTotalMemorySize() / (1024.0 * 1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.version"));
        out.printf(Locale.ROOT, "# versions mainstay=%s java=%s%n", version(), System.getProperty("java.version"));
        out.println("# " + storeSettings + " transport=grpc-loopback");
        out.flush();
    }

    /** {@code system=mainstay store=sqlite workload=W1 k1=v1 k2=v2 ...} ({@code store=postgresql nodes=3} on PostgreSQL) */
    void line(String workload, Object... keyValues) {
        StringBuilder line = new StringBuilder("system=mainstay ").append(store).append(" workload=").append(workload);
        for (int i = 0; i < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            String text = value instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : String.valueOf(value);
            line.append(' ').append(keyValues[i]).append('=').append(text);
        }
        out.println(line);
        out.flush();
    }

    void note(String text) {
        out.println("# " + text);
        out.flush();
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String version() {
        String v = Report.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
