package dev.mainstay.e2e;

/**
 * The test of {@link PauseIT} whose outcome depends on the store ({@link AlsoOnPostgres}), with the
 * runtime on PostgreSQL: {@code aRunPausedMidStep_…}, where the store's claim alone keeps the paused
 * run from every dispatch, across a kill -9 and restart of the runtime. The paused workflow's test
 * is the same claim's other half; its SQL is in the store contract suite, run on both stores.
 */
class PauseOnPostgresIT extends PauseIT {
    @Override
    boolean onPostgres() {
        return true;
    }
}
