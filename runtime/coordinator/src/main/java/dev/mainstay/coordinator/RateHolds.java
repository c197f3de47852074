package dev.mainstay.coordinator;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs held back by their workflow's rate limit, per rate group (component and key), in the order
 * they were refused, until the moment the store said a place frees (when the slot that must leave
 * the window leaves it). No other event frees a place under a rate limit (unlike a concurrency
 * limit, nothing ends), so this timer is what moves such runs on.
 *
 * <p>A group's runs are offered one at a time: the oldest at the timer; the next as soon as that
 * one was claimed (another place may be free), or, if its claim is refused again, at the new time
 * the refusal names. A thousand runs behind a limit thus cost one claim per place that frees, not
 * a thousand. An offer whose claim never reports back (the store failed, another limit held it)
 * does not stall its group: the next is offered after {@link #FALLBACK_MS} anyway. A run offered
 * too early (clocks, another node took the place) is refused and goes back to its group's head.
 *
 * <p>Holds are memory only: after a restart, or on another node, the store's PENDING scan finds the
 * run and its claim re-applies the limit.
 */
final class RateHolds implements AutoCloseable {
    /** How long an offered run's claim may take before its group's next run is offered anyway. */
    static final long FALLBACK_MS = 2_000;

    private record Group(String component, String key) {}

    /** A held run's group, and the priority it is offered with again. */
    private record Held(Group group, int priority) {}

    private final Object lock = new Object();
    /** Guarded by lock: each group's runs not offered yet, oldest first. */
    private final Map<Group, ArrayDeque<String>> waiting = new HashMap<>();
    /** Guarded by lock: each group's next offer. */
    private final Map<Group, ScheduledFuture<?>> timers = new HashMap<>();
    /** Guarded by lock: the group of every run held or offered and not yet claimed. */
    private final Map<String, Held> groups = new HashMap<>();
    /** Guarded by lock: runs offered whose claim has not reported back. */
    private final java.util.Set<String> offered = new java.util.HashSet<>();
    private final Consumer<dev.mainstay.store.ReadyRun> ready;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "mainstay-rate-holds");
        thread.setDaemon(true);
        return thread;
    });

    /** {@code ready} gets the run (with its priority) when a held run is offered to dispatch again. */
    RateHolds(Consumer<dev.mainstay.store.ReadyRun> ready) {
        this.ready = ready;
    }

    /** The claim of {@code runId} was refused: a place in group {@code key} of {@code component} frees in {@code afterMs}. */
    void hold(String runId, String component, int priority, String key, long afterMs) {
        synchronized (lock) {
            Group group = new Group(component, key == null ? "" : key);
            ArrayDeque<String> queue = waiting.computeIfAbsent(group, g -> new ArrayDeque<>());
            if (offered.remove(runId)) {
                queue.addFirst(runId); // it was the group's oldest: it stays first
            } else if (groups.putIfAbsent(runId, new Held(group, priority)) == null) {
                queue.addLast(runId);
            }
            groups.put(runId, new Held(group, priority));
            // one millisecond late rather than early: at the exact moment the slot is still in the window
            schedule(group, afterMs + 1);
        }
    }

    /** Guarded by lock. */
    private void schedule(Group group, long afterMs) {
        ScheduledFuture<?> was = timers.put(group, timer.schedule(() -> offerNext(group), afterMs, TimeUnit.MILLISECONDS));
        if (was != null) {
            was.cancel(false);
        }
    }

    private void offerNext(Group group) {
        String runId;
        int priority;
        synchronized (lock) {
            ArrayDeque<String> queue = waiting.get(group);
            runId = queue == null ? null : queue.pollFirst();
            if (runId == null) {
                waiting.remove(group);
                timers.remove(group);
                return;
            }
            offered.add(runId);
            Held held = groups.get(runId);
            priority = held == null ? 0 : held.priority();
            if (queue.isEmpty()) {
                waiting.remove(group);
                timers.remove(group);
            } else {
                schedule(group, FALLBACK_MS);
            }
        }
        ready.accept(new dev.mainstay.store.ReadyRun(runId, group.component(), null, priority));
    }

    /**
     * The claim of {@code runId} came back without a refusal by the rate (claimed, or not claimable:
     * cancelled, taken elsewhere): it is held no more, and if it had been offered, its group's next
     * run is offered now.
     */
    void claimed(String runId) {
        Group next = null;
        synchronized (lock) {
            Held held = groups.remove(runId);
            if (held == null) {
                return;
            }
            Group group = held.group();
            if (offered.remove(runId)) {
                next = waiting.containsKey(group) ? group : null;
            } else {
                ArrayDeque<String> queue = waiting.get(group); // a scan found it and it was claimed meanwhile
                if (queue != null) {
                    queue.remove(runId);
                }
            }
        }
        if (next != null) {
            offerNext(next);
        }
    }

    /** True while the run waits for a place (held, or offered and not yet claimed). */
    boolean holds(String runId) {
        synchronized (lock) {
            return groups.containsKey(runId);
        }
    }

    /** Runs held, by component. */
    Map<String, Integer> depths() {
        synchronized (lock) {
            Map<String, Integer> depths = new HashMap<>();
            groups.values().forEach(h -> depths.merge(h.group().component(), 1, Integer::sum));
            return depths;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        synchronized (lock) {
            waiting.clear();
            timers.clear();
            groups.clear();
            offered.clear();
        }
    }
}
