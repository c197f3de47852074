package dev.mainstay.e2e;

/**
 * The tests of {@link WaitsAndCancellationIT} whose outcome depends on the store ({@link AlsoOnPostgres}),
 * with the runtime on PostgreSQL:
 * <ul>
 *   <li>{@code durableSleep_…}: a sleep's timer survives a kill -9 of everything;
 *   <li>{@code events_wake…}: events are kept in arrival order, a redelivery is dropped by the
 *       store's insert-if-absent (its own SQL per dialect), and the waiting run wakes.
 * </ul>
 * The others (questions and their answers, event timeouts, refused events, cancels)
 * are gateway and engine logic; their SQL is in the store contract suite, run on both stores.
 */
class WaitsAndCancellationOnPostgresIT extends WaitsAndCancellationIT {
    @Override
    boolean onPostgres() {
        return true;
    }
}
