package dev.mainstay.gateway;

import dev.mainstay.store.RunStats;
import dev.mainstay.store.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The overview's figures over a window: runs created in it, how many finished and how (success
 * rate = completed / finished), throughput (finished per minute) and step latency percentiles
 * (nearest rank over every step and call the window's runs journaled).
 */
record Overview(Instant since, long windowSeconds, long runs, Map<String, Long> byStatus, long finished,
                Double successRate, double throughputPerMinute, long steps, Long stepP50Ms, Long stepP95Ms, Long stepMaxMs) {

    static Overview of(RunStats stats, long windowMs) {
        Map<String, Long> byStatus = new java.util.TreeMap<>();
        long runs = 0;
        for (RunStatus status : RunStatus.values()) {
            long n = stats.runsByStatus().getOrDefault(status, 0L);
            byStatus.put(status.name(), n);
            runs += n;
        }
        long completed = byStatus.get(RunStatus.COMPLETED.name());
        long finished = completed + byStatus.get(RunStatus.FAILED.name()) + byStatus.get(RunStatus.CANCELLED.name());
        List<Long> durations = new ArrayList<>(stats.stepDurationsMs());
        Collections.sort(durations);
        return new Overview(Instant.ofEpochMilli(stats.sinceMs()), windowMs / 1000, runs, byStatus, finished,
                finished == 0 ? null : (double) completed / finished,
                finished * 60_000.0 / windowMs, durations.size(),
                percentile(durations, 50), percentile(durations, 95),
                durations.isEmpty() ? null : durations.get(durations.size() - 1));
    }

    /** Nearest-rank percentile of sorted values; null for none. */
    static Long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
