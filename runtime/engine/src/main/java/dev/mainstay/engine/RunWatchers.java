package dev.mainstay.engine;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Who follows a run's progress live (the server-sent events of {@code GET /v1/runs/{id}/events}).
 * The engine signals a run after every commit that changes it; a signal only releases a permit, so
 * it never blocks the store's writer thread. The watcher then reads what changed from the store:
 * the store stays the only truth, and a burst of commits costs one read.
 */
public final class RunWatchers {
    private final Map<String, Set<Semaphore>> byRun = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A new watcher of {@code runId}; {@link #remove} it when done. */
    public Semaphore add(String runId) {
        Semaphore signal = new Semaphore(0);
        byRun.computeIfAbsent(runId, id -> ConcurrentHashMap.newKeySet()).add(signal);
        return signal;
    }

    public void remove(String runId, Semaphore signal) {
        byRun.computeIfPresent(runId, (id, set) -> {
            set.remove(signal);
            return set.isEmpty() ? null : set;
        });
    }

    /** The runtime shuts down: every watcher wakes at once and sees {@link #closed()}. */
    public void closeAll() {
        closed = true;
        byRun.values().forEach(set -> set.forEach(Semaphore::release));
    }

    public boolean closed() {
        return closed;
    }

    void changed(String runId) {
        Set<Semaphore> watchers = byRun.get(runId);
        if (watchers != null) {
            watchers.forEach(w -> {
                if (w.availablePermits() == 0) {
                    w.release();
                }
            });
        }
    }
}
