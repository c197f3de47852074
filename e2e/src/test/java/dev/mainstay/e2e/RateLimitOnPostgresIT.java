package dev.mainstay.e2e;

/**
 * The test of {@link RateLimitIT} whose outcome depends on the store ({@link AlsoOnPostgres}), with
 * the runtime on PostgreSQL: {@code rateLimit_…}, where the claim's admission (the slots table, the
 * component's row lock) decides which runs begin and when a place frees.
 */
class RateLimitOnPostgresIT extends RateLimitIT {
    @Override
    boolean onPostgres() {
        return true;
    }
}
