package dev.mainstay.bench;

import java.util.List;
import java.util.Locale;

/**
 * What the workloads run against: the embedded SQLite store of one runtime ({@code databaseUrl}
 * null, the default), or {@code nodes} runtime processes sharing one PostgreSQL server
 * ({@code --database-url}; each cluster gets a fresh database of its own there, see
 * {@link FreshDatabase}). {@code runtimeJvmOptions} and {@code workerJvmOptions} are added to the
 * command lines of the runtime and worker processes ({@code --runtime-jvm-option}, {@code
 * --worker-jvm-option}): the GC or JIT settings a user runs with, measured as they would run them.
 */
record Deployment(String databaseUrl, int nodes, List<String> runtimeJvmOptions, List<String> workerJvmOptions) {
    Deployment(String databaseUrl, int nodes) {
        this(databaseUrl, nodes, List.of(), List.of());
    }

    Deployment {
        runtimeJvmOptions = jvmOptions("--runtime-jvm-option", runtimeJvmOptions);
        workerJvmOptions = jvmOptions("--worker-jvm-option", workerJvmOptions);
        if (databaseUrl != null && databaseUrl.isBlank()) {
            databaseUrl = null;
        }
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes was " + nodes + "; use 1 or more");
        }
        if (nodes > 1 && databaseUrl == null) {
            throw new IllegalArgumentException("--nodes was " + nodes + " without --database-url; several runtime nodes"
                    + " share one PostgreSQL database (the embedded SQLite store belongs to one process), so give"
                    + " --database-url jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres, or leave --nodes out");
        }
        if (databaseUrl != null && !databaseUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("--database-url was '" + databaseUrl + "'; give a PostgreSQL JDBC URL such as"
                    + " jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        }
        if (databaseUrl != null && databaseUrl.toLowerCase(Locale.ROOT).contains("password=")) {
            throw new IllegalArgumentException("--database-url holds a password; give it in MAINSTAY_DATABASE_PASSWORD,"
                    + " which the harness and the runtimes it starts both read");
        }
    }

    private static List<String> jvmOptions(String flag, List<String> options) {
        for (String option : options) {
            if (!option.startsWith("-")) {
                throw new IllegalArgumentException(flag + " was '" + option + "'; give one JVM option such as "
                        + flag + "=-XX:+UseSerialGC");
            }
        }
        return List.copyOf(options);
    }

    static Deployment sqlite() {
        return new Deployment(null, 1);
    }

    boolean isPostgres() {
        return databaseUrl != null;
    }

    /**
     * The store's settings for the report's header: durability as configured (SQLite) or as the
     * PostgreSQL server reports it (which also proves, before any workload, that the server answers).
     */
    String settingsLine() {
        return isPostgres()
                ? label() + " " + FreshDatabase.describeServer(databaseUrl) + " group_commit=on"
                : "store=sqlite journal_mode=WAL synchronous=FULL (every commit fsynced) group_commit=on";
    }

    /** How report lines name the store: {@code store=sqlite}, or {@code store=postgresql nodes=3}. */
    String label() {
        return isPostgres() ? "store=postgresql nodes=" + nodes : "store=sqlite";
    }

    /** The JVM options given for the report's header, or empty when there are none. */
    String jvmOptionsLine() {
        if (runtimeJvmOptions.isEmpty() && workerJvmOptions.isEmpty()) {
            return "";
        }
        return "runtime_jvm_options=\"" + String.join(" ", runtimeJvmOptions) + "\" worker_jvm_options=\""
                + String.join(" ", workerJvmOptions) + "\"";
    }
}
