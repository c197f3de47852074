package dev.mainstay.bench;

/**
 * CPU time (user plus system) used by the runtime nodes together and by the worker, in nanoseconds;
 * the difference of two readings is what a measured window cost each side. -1 where the platform
 * does not report it.
 */
record CpuTime(long runtimeNanos, long workerNanos) {
    static long nanosOf(Process process) {
        return process.toHandle().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    /** The CPU each side spent between {@code earlier} and this reading. */
    CpuTime since(CpuTime earlier) {
        return new CpuTime(minus(runtimeNanos, earlier.runtimeNanos), minus(workerNanos, earlier.workerNanos));
    }

    /** Microseconds per unit of work ({@code units} steps), runtime side; -1 when unknown. */
    double runtimeMicrosPer(long units) {
        return runtimeNanos < 0 ? -1 : runtimeNanos / 1_000.0 / units;
    }

    double workerMicrosPer(long units) {
        return workerNanos < 0 ? -1 : workerNanos / 1_000.0 / units;
    }

    private static long minus(long later, long earlier) {
        return later < 0 || earlier < 0 ? -1 : later - earlier;
    }
}
