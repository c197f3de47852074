package dev.mainstay.e2e;

/** The tests of {@link CompositionIT}, kill -9 of runtime and workers included, with the runtime on PostgreSQL. */
class CompositionOnPostgresIT extends CompositionIT {
    @Override
    boolean onPostgres() {
        return true;
    }
}
