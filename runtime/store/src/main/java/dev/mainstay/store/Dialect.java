package dev.mainstay.store;

/**
 * What differs between the SQL engines a store runs on. Everything else is the same SQL.
 *
 * <p>Row locks: SQLite has one writer, so a read inside the writer's transaction already sees what
 * the write will change. PostgreSQL (and the engines that speak its SQL) run several nodes' writers
 * at once under READ COMMITTED, so a write that decides on a run's state first locks the run's row
 * ({@code FOR UPDATE}): two nodes can then never both claim, fence or wake one run on the same read.
 */
enum Dialect {
    SQLITE("", "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)", false),
    POSTGRES(" FOR UPDATE", "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)", true);

    private final String forUpdate;
    private final String nowMs;
    private final boolean writingCtes;

    Dialect(String forUpdate, String nowMs, boolean writingCtes) {
        this.forUpdate = forUpdate;
        this.nowMs = nowMs;
        this.writingCtes = writingCtes;
    }

    /**
     * Whether a {@code WITH} clause may hold an UPDATE whose rows the main statement uses (PostgreSQL,
     * CockroachDB, YugabyteDB; not SQLite). Where a statement is a network round trip, a write of
     * the hot path then goes as one statement instead of two.
     */
    boolean hasWritingCtes() {
        return writingCtes;
    }

    /**
     * Whether each statement is a network round trip to the database (PostgreSQL and the engines
     * that speak it; SQLite runs in the process). The writer then commits a write that is one
     * statement in that statement's own round trip ({@link GroupCommitter}).
     */
    boolean statementsAreRoundTrips() {
        return writingCtes; // the engines with writing CTEs are exactly the networked ones
    }

    /** The suffix that locks the rows a SELECT read until the transaction ends ("" where one writer is all). */
    String forUpdate() {
        return forUpdate;
    }

    /** As {@link #forUpdate()}, locking only the rows of {@code table} in a join (another's may be null). */
    String forUpdateOf(String table) {
        return forUpdate.isEmpty() ? "" : forUpdate + " OF " + table;
    }

    /** The database's clock in epoch milliseconds: node leases are judged by it, never by a node's own clock. */
    String nowMs() {
        return nowMs;
    }
}
