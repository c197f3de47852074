package dev.mainstay.e2e;

/**
 * {@link AttributesIT} with the runtime on PostgreSQL: the attribute rows written with their entries,
 * the typed comparisons of the runs query and the bulk cancel by them, on the other engine's SQL.
 */
class AttributesOnPostgresIT extends AttributesIT {
    @Override
    boolean onPostgres() {
        return true;
    }
}
