/**
 * The journal store: the one place a run's truth lives. {@link dev.mainstay.store.JournalStore} is
 * the contract (runs, journal entries, components, fencing); {@link dev.mainstay.store.SqliteJournalStore}
 * the embedded default. Every write goes through a group commit: one transaction and one fsync for
 * many runs' writes, acknowledged only after the commit.
 */
package dev.mainstay.store;
