package dev.mainstay.bench;

import java.nio.file.Path;

/** One workload of WORKLOADS.md. */
interface Workload {
    String id();

    /** Runs the workload in {@code dir} (its own data directory and logs) and reports its figures. */
    void run(Path dir, Settings settings, Report report) throws Exception;
}
