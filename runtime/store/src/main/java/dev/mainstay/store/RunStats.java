package dev.mainstay.store;

import java.util.List;
import java.util.Map;

/**
 * What the store knows about the runs created since {@code sinceMs}: how many there are by status,
 * and the duration of every step and call they journaled (unsorted, milliseconds).
 */
public record RunStats(long sinceMs, Map<RunStatus, Long> runsByStatus, List<Long> stepDurationsMs) {
    public RunStats {
        runsByStatus = Map.copyOf(runsByStatus);
        stepDurationsMs = List.copyOf(stepDurationsMs);
    }
}
