package dev.mainstay.e2e;

/**
 * The tests of {@link DurableCoreIT} whose outcome depends on the store ({@link AlsoOnPostgres}),
 * with the runtime on PostgreSQL:
 * <ul>
 *   <li>{@code workerKilledMidStep_…}: the run is claimed again under a new epoch after a kill -9 of
 *       its worker, and the journal keeps each finished step once;
 *   <li>{@code runtimeKilledMidRun_…}: what PostgreSQL committed before a kill -9 of the runtime is
 *       what the restarted runtime resumes from.
 * </ul>
 * The others (journaling, drain, queueing, idempotency keys, non-determinism, bad input) exercise the
 * gateway, coordinator and SDK; their SQL is in the store contract suite, run on both stores.
 */
class DurableCoreOnPostgresIT extends DurableCoreIT {
    @Override
    boolean onPostgres() {
        return true;
    }
}
