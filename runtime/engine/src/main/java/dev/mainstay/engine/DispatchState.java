package dev.mainstay.engine;

import java.util.List;
import java.util.Map;

/**
 * What the dispatch queue holds right now, for readers above the engine: the coordinator implements
 * it, the gateway reads it, so neither needs the other.
 */
public interface DispatchState {
    /** Runs waiting for a worker, by component. */
    Map<String, Integer> queueDepths();

    /** Runs held back by concurrency limits, by component. */
    Map<String, Integer> limitedDepths();

    /** True when the run waits for a place under its workflow's concurrency limit. */
    boolean heldByLimit(String runId, String component);

    /** Runs held back by rate limits, by component. */
    Map<String, Integer> rateLimitedDepths();

    /** True when the run waits for a place under its workflow's rate limit (a window to slide on). */
    boolean heldByRateLimit(String runId);

    /** The workers connected now. */
    List<WorkerInfo> workers();
}
