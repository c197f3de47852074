/**
 * The benchmark harness: the workloads of {@code shared/bench/WORKLOADS.md}, one class each, against
 * a real runtime process and a real worker process over loopback with the defaults a user gets
 * (SQLite, WAL, synchronous=FULL). Each figure is one {@code key=value} line; a header names the
 * machine, store, durability and versions first.
 */
package dev.mainstay.bench;
