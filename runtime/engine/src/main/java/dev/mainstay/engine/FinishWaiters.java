package dev.mainstay.engine;

import dev.mainstay.store.RunRecord;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Who waits on this node for a run's final outcome ({@code ?wait=}, {@code MainstayClient.await}).
 * Completed when this node finishes the run, or, when another node did, when its hint says the run
 * changed and the store shows it final.
 */
final class FinishWaiters {
    private final Map<String, CompletableFuture<RunRecord>> waiters = new ConcurrentHashMap<>();
    private final Function<String, Optional<RunRecord>> read;

    FinishWaiters(Function<String, Optional<RunRecord>> read) {
        this.read = read;
    }

    /** Completes when the run is final, at once if it already is; empty when there is no such run. */
    Optional<CompletableFuture<RunRecord>> whenFinished(String runId) {
        CompletableFuture<RunRecord> waiter = expect(runId);
        // registered before the read: a finish committed in between completes it either way
        Optional<RunRecord> run = read.apply(runId);
        if (run.isEmpty()) {
            forget(runId, waiter);
            return Optional.empty();
        }
        if (run.get().status().isFinal()) {
            complete(run.get());
        }
        return Optional.of(waiter);
    }

    /**
     * A wait for the run, without reading it: for a run this node is about to create, registered
     * before the run exists, it sees its finish whenever it comes. {@link #forget} it when the run
     * is not created.
     */
    CompletableFuture<RunRecord> expect(String runId) {
        return waiters.computeIfAbsent(runId, id -> new CompletableFuture<>());
    }

    void forget(String runId, CompletableFuture<RunRecord> expected) {
        waiters.remove(runId, expected);
    }

    /** This node finished the run. */
    void complete(RunRecord run) {
        CompletableFuture<RunRecord> waiter = waiters.remove(run.id());
        if (waiter != null) {
            waiter.complete(run);
        }
    }

    /** Another node may have finished the run: read it if someone here waits for it. */
    void recheck(String runId) {
        if (waiters.containsKey(runId)) {
            read.apply(runId).filter(run -> run.status().isFinal()).ifPresent(this::complete);
        }
    }

    void recheckAll() {
        waiters.keySet().forEach(this::recheck);
    }
}
