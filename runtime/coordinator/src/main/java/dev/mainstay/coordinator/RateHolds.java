package dev.mainstay.coordinator;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Runs held back by their workflow's rate limit, each until the moment the store said a place
 * frees (the oldest slot that must leave the window leaves it), when it is offered to dispatch
 * again. No other event frees a place under a rate limit, so this timer is what moves such runs on:
 * unlike a concurrency limit, nothing ends. A run offered too early (clocks, a claim of another
 * node) is refused again and held again for the rest. Holds are memory only: after a restart, or on
 * another node, the store's PENDING scan finds the run and its claim re-applies the limit.
 */
final class RateHolds implements AutoCloseable {
    private record Held(String component, ScheduledFuture<?> offer) {}

    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final BiConsumer<String, String> ready;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "mainstay-rate-holds");
        thread.setDaemon(true);
        return thread;
    });

    /** {@code ready} gets (run id, component) when a held run's place frees. */
    RateHolds(BiConsumer<String, String> ready) {
        this.ready = ready;
    }

    /** Holds {@code runId} for {@code afterMs}, then offers it again; a run held already is held anew. */
    void hold(String runId, String component, long afterMs) {
        held.compute(runId, (id, was) -> {
            if (was != null) {
                was.offer().cancel(false);
            }
            // one millisecond late rather than early: at the exact moment the slot is still in the window
            return new Held(component, timer.schedule(() -> offer(id), afterMs + 1, TimeUnit.MILLISECONDS));
        });
    }

    private void offer(String runId) {
        Held was = held.remove(runId);
        if (was != null) {
            ready.accept(runId, was.component());
        }
    }

    /** The run was claimed by other means (a scan found it): it is held no more. */
    void forget(String runId) {
        Held was = held.remove(runId);
        if (was != null) {
            was.offer().cancel(false);
        }
    }

    boolean holds(String runId) {
        return held.containsKey(runId);
    }

    /** Runs held, by component. */
    Map<String, Integer> depths() {
        Map<String, Integer> depths = new HashMap<>();
        held.values().forEach(h -> depths.merge(h.component(), 1, Integer::sum));
        return depths;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        held.clear();
    }
}
