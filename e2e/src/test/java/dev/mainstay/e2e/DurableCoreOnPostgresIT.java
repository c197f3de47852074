package dev.mainstay.e2e;

/** The tests of {@link DurableCoreIT}, kill -9 of runtime and workers included, with the runtime on PostgreSQL. */
class DurableCoreOnPostgresIT extends DurableCoreIT {
    @Override
    boolean onPostgres() {
        return true;
    }
}
