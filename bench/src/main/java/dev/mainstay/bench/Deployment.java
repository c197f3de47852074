package dev.mainstay.bench;

import java.util.Locale;

/**
 * What the workloads run against: the embedded SQLite store of one runtime ({@code databaseUrl}
 * null, the default), or {@code nodes} runtime processes sharing one PostgreSQL server
 * ({@code --database-url}; each cluster gets a fresh database of its own there, see
 * {@link FreshDatabase}).
 */
record Deployment(String databaseUrl, int nodes) {
    Deployment {
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
}
