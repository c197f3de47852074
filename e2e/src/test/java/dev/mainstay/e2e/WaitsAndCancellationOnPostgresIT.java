package dev.mainstay.e2e;

/** The tests of {@link WaitsAndCancellationIT}, kill -9 of runtime and workers included, with the runtime on PostgreSQL. */
class WaitsAndCancellationOnPostgresIT extends WaitsAndCancellationIT {
    @Override
    boolean onPostgres() {
        return true;
    }
}
