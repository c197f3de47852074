package dev.mainstay.bench;

/**
 * How a workload runs: {@code smoke} shrinks every size (proves the harness works, nothing more);
 * {@code warmup} overrides the number of warm-up workflows of W1 and W2 (negative: the default).
 */
record Settings(boolean smoke, int warmup) {
    int warmupOr(int fallback) {
        return warmup >= 0 ? warmup : fallback;
    }
}
