package dev.mainstay.bench;

import java.util.Arrays;

/** Percentiles of latencies in nanoseconds, as milliseconds. */
final class Stats {
    private final double[] sortedMs;

    Stats(long[] nanos) {
        sortedMs = Arrays.stream(nanos).mapToDouble(n -> n / 1_000_000.0).sorted().toArray();
    }

    double percentile(double p) {
        int index = (int) Math.ceil(p / 100.0 * sortedMs.length) - 1;
        return sortedMs[Math.max(0, Math.min(sortedMs.length - 1, index))];
    }

    double mean() {
        return Arrays.stream(sortedMs).average().orElse(0);
    }
}
