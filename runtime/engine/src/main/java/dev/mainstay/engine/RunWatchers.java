package dev.mainstay.engine;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Who follows a run's progress live (the server-sent events of {@code GET /v1/runs/{id}/events}).
 *
 * <p>Committed changes: the engine signals a run after every commit that changes it; a signal only
 * releases a permit, so it never blocks the store's writer thread. The watcher then reads what
 * changed from the store: the store stays the only truth, and a burst of commits costs one read.
 *
 * <p>Live events ({@link LiveEvent}): what workers report while it happens, queued per watcher
 * (bounded: a watcher that does not keep up loses the surplus and is told how much). Workers send
 * them only for watched runs, so the first watcher of a run and the last one leaving are reported
 * to the {@link Listener} (the coordinator, which tells the worker holding the run).
 */
public final class RunWatchers {
    /** Live events a watcher may have queued before further ones are dropped. */
    static final int LIVE_QUEUE_LIMIT = 4096;

    /** Told when a run gains its first watcher or loses its last. */
    public interface Listener {
        void watchChanged(String runId, boolean watched);
    }

    private final Map<String, Set<Watcher>> byRun = new ConcurrentHashMap<>();
    /** Runs watched on other nodes: how many nodes said so (the holder's node relays their live events). */
    private final Map<String, Integer> remote = new ConcurrentHashMap<>();
    private volatile Listener listener = (runId, watched) -> {};
    /** Told when this node's watchers of a run came or went (the engine tells the other nodes). */
    private volatile Listener locally = (runId, watched) -> {};
    /** Where live events of remotely watched runs go (the engine sends them to the other nodes). */
    private volatile java.util.function.BiConsumer<String, LiveEvent> relay = (runId, event) -> {};
    private volatile boolean closed;

    public void listen(Listener listener) {
        this.listener = listener;
    }

    /** Connects the other nodes: told of this node's watchers, and given the live events they watch. */
    void connect(Listener locally, java.util.function.BiConsumer<String, LiveEvent> relay) {
        this.locally = locally;
        this.relay = relay;
    }

    /** Another node's watchers of {@code runId} came ({@code watched}) or went. */
    void remoteWatch(String runId, boolean watched) {
        boolean[] changed = {false};
        remote.compute(runId, (id, count) -> {
            int now = (count == null ? 0 : count) + (watched ? 1 : -1);
            changed[0] = (count == null) != (now <= 0) && !byRun.containsKey(runId);
            return now <= 0 ? null : now;
        });
        if (changed[0]) {
            listener.watchChanged(runId, watched);
        }
    }

    /** Whether watchers on other nodes follow the run (they said so with WATCH hints). */
    boolean watchedElsewhere(String runId) {
        return remote.containsKey(runId);
    }

    /** The run ended: no one needs its live events any more. */
    void ended(String runId) {
        remote.remove(runId);
    }

    /** A live event another node relayed: this node's watchers get it. */
    void relayed(String runId, LiveEvent event) {
        Set<Watcher> watchers = byRun.get(runId);
        if (watchers != null) {
            watchers.forEach(w -> w.offer(event));
        }
    }

    /** A new watcher of {@code runId}; {@link #remove} it when done. */
    public Watcher add(String runId) {
        Watcher watcher = new Watcher();
        boolean[] first = {false};
        byRun.compute(runId, (id, set) -> {
            if (set == null) {
                set = ConcurrentHashMap.newKeySet();
                first[0] = true;
            }
            set.add(watcher);
            return set;
        });
        if (first[0]) {
            locally.watchChanged(runId, true);
            if (!remote.containsKey(runId)) {
                listener.watchChanged(runId, true);
            }
        }
        return watcher;
    }

    public void remove(String runId, Watcher watcher) {
        boolean[] last = {false};
        byRun.computeIfPresent(runId, (id, set) -> {
            set.remove(watcher);
            last[0] = set.isEmpty();
            return last[0] ? null : set;
        });
        if (last[0]) {
            locally.watchChanged(runId, false);
            if (!remote.containsKey(runId)) {
                listener.watchChanged(runId, false);
            }
        }
    }

    /** Whether anyone, on this node or another, follows the run live. */
    public boolean watched(String runId) {
        return byRun.containsKey(runId) || remote.containsKey(runId);
    }

    /** The runtime shuts down: every watcher wakes at once and sees {@link #closed()}. */
    public void closeAll() {
        closed = true;
        byRun.values().forEach(set -> set.forEach(Watcher::signal));
    }

    public boolean closed() {
        return closed;
    }

    /** A worker reported a live event of {@code runId}: every watcher of the run gets it. */
    public void live(String runId, LiveEvent event) {
        relayed(runId, event);
        if (remote.containsKey(runId)) {
            relay.accept(runId, event);
        }
    }

    /** Anything may have changed (another node's hint was lost, or says so): every watcher reads again. */
    void changedAll() {
        byRun.values().forEach(set -> set.forEach(Watcher::signal));
    }

    void changed(String runId) {
        Set<Watcher> watchers = byRun.get(runId);
        if (watchers != null) {
            watchers.forEach(Watcher::signal);
        }
    }

    /** One follower of one run: woken by commits and live events, holding the live events not yet taken. */
    public static final class Watcher {
        private final Semaphore signal = new Semaphore(0);
        private final ArrayDeque<LiveEvent> live = new ArrayDeque<>(); // guarded by this
        private long dropped; // guarded by this

        /** Waits for a change; false when none came within the timeout. */
        public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
            boolean woken = signal.tryAcquire(timeout, unit);
            signal.drainPermits(); // one read covers every change so far
            return woken;
        }

        /** The live events queued since the last call, oldest first. */
        public synchronized List<LiveEvent> takeLive() {
            List<LiveEvent> taken = List.copyOf(live);
            live.clear();
            return taken;
        }

        /** How many live events were dropped since the last call because the queue was full. */
        public synchronized long takeDropped() {
            long count = dropped;
            dropped = 0;
            return count;
        }

        private void offer(LiveEvent event) {
            synchronized (this) {
                if (live.size() >= LIVE_QUEUE_LIMIT) {
                    dropped++;
                    return;
                }
                live.add(event);
            }
            signal();
        }

        /** Wakes the follower now, for a reason of its own (its caller's token ended): it reads again and decides. */
        public void wake() {
            signal();
        }

        private void signal() {
            if (signal.availablePermits() == 0) {
                signal.release();
            }
        }
    }
}
