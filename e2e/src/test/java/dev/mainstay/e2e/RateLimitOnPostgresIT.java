package dev.mainstay.e2e;

/**
 * The tests of {@link RateLimitIT} whose outcome depends on the store ({@link AlsoOnPostgres}), with
 * the runtime on PostgreSQL: {@code rateLimit_…}, where the claim's admission (the slots table, the
 * component's row lock) decides which runs begin and when a place frees; {@code aRunReDispatched…},
 * where only a first claim (epoch 0) takes a slot, also after a kill -9 of the worker.
 */
class RateLimitOnPostgresIT extends RateLimitIT {
    @Override
    boolean onPostgres() {
        return true;
    }
}
