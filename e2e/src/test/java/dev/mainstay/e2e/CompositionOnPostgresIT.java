package dev.mainstay.e2e;

/**
 * The tests of {@link CompositionIT} whose outcome depends on the store ({@link AlsoOnPostgres}),
 * with the runtime on PostgreSQL:
 * <ul>
 *   <li>{@code parallelSteps_…}: parallel steps land out of order in the journal, and a kill -9 of
 *       the worker re-runs only the one in flight;
 *   <li>{@code childRuns_…}: parent and child links, and a child's outcome in its parent's inbox,
 *       survive a kill -9 of everything;
 *   <li>{@code concurrencyLimit_…}: the places per key are counted and held by the store (its own
 *       SQL per dialect), and a held run is admitted when the run before it ends;
 *   <li>{@code namedQueue_lets…}: the same, counted across the workflows of one queue (the queue's
 *       component rows locked in name order).
 * </ul>
 * The others (the fan-out example, cancelling a parent) are SDK and engine logic; their SQL is in the
 * store contract suite, run on both stores.
 */
class CompositionOnPostgresIT extends CompositionIT {
    @Override
    boolean onPostgres() {
        return true;
    }
}
