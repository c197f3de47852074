package dev.mainstay.e2e;

/** The tests of {@link RetriesAndLeasesIT}, kill -9 of runtime and workers included, with the runtime on PostgreSQL. */
class RetriesAndLeasesOnPostgresIT extends RetriesAndLeasesIT {
    @Override
    boolean onPostgres() {
        return true;
    }
}
