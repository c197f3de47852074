package dev.mainstay.e2e;

/**
 * The tests of {@link RetriesAndLeasesIT} whose outcome depends on the store ({@link AlsoOnPostgres}),
 * with the runtime on PostgreSQL:
 * <ul>
 *   <li>{@code failingStep_…}: retries wait in durable timers, read back from PostgreSQL;
 *   <li>{@code attemptCount_…}: attempts and the pending retry timer survive a kill -9 of everything;
 *   <li>{@code slowStep_…}: the step timeout's timer takes the run, and the late result of the old
 *       epoch is fenced by the store;
 *   <li>{@code frozenWorker_…}: the lease expires, the run is claimed under a new epoch, and the
 *       frozen worker's late writes are refused.
 * </ul>
 * The others (terminal failures, the run timeout, sagas) are engine and SDK logic; the run deadline's
 * SQL is in the store contract suite ({@code expireDue_…}), run on both stores.
 */
class RetriesAndLeasesOnPostgresIT extends RetriesAndLeasesIT {
    @Override
    boolean onPostgres() {
        return true;
    }
}
