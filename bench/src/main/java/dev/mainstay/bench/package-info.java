/**
 * The benchmark harness: the workloads of {@code shared/bench/WORKLOADS.md}, one class each, against
 * a real runtime process and a real worker process over loopback with the defaults a user gets
 * (SQLite, WAL, synchronous=FULL), or against PostgreSQL ({@code --database-url}, a fresh database
 * per workload) with one or more runtime nodes ({@code --nodes}). Each figure is one
 * {@code key=value} line; a header names the machine, store, durability and versions first.
 */
package dev.mainstay.bench;
