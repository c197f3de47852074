package dev.mainstay.bench;

/**
 * How a workload runs: {@code smoke} shrinks every size (proves the harness works, nothing more);
 * {@code warmup} overrides the number of warm-up workflows of W1 and W2 (negative: the default);
 * {@code w4Workflows} overrides W4's number of workflows (0: the default, 100,000 or 300 in smoke);
 * {@code deployment} is the store and the number of runtime nodes every cluster starts.
 */
record Settings(boolean smoke, int warmup, int w4Workflows, Deployment deployment) {
    Settings {
        if (w4Workflows < 0) {
            throw new IllegalArgumentException("--w4-workflows was " + w4Workflows + "; use 1 or more (0: the default)");
        }
    }

    int warmupOr(int fallback) {
        return warmup >= 0 ? warmup : fallback;
    }
}
