package dev.mainstay.coordinator;

import dev.mainstay.engine.Engine;
import dev.mainstay.engine.ReadyRuns;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes ready runs to workers.
 *
 * <p>A ready run goes to the open session that registered its component and has the most free
 * slots; with none, it waits in a per-component FIFO until a session registers or frees a slot.
 * A slot is reserved under the lock, then the run is claimed in the store (new epoch) outside it,
 * then dispatched. If the session closed in between, the run is released and made ready again.
 * A closed session's runs are released and made ready, so another worker replays them.
 */
public final class Dispatcher implements ReadyRuns {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private record Waiting(String runId, String component) {}

    private final Engine engine;
    private final Object lock = new Object();
    private final Map<String, ArrayDeque<Waiting>> waiting = new HashMap<>();
    /** Runs held back by their workflow's concurrency limit, in start order, until one of its runs ends. */
    private final Map<String, java.util.LinkedHashSet<String>> limited = new HashMap<>();
    /** Runs ended per component: a claim refused by the limit parks only if none ended meanwhile. */
    private final Map<String, Long> endings = new HashMap<>();
    private final Set<WorkerSession> sessions = new LinkedHashSet<>();
    private boolean stopped;
    private volatile DispatchTelemetry telemetry = new DispatchTelemetry() {};

    public Dispatcher(Engine engine) {
        this.engine = engine;
        engine.watchers().listen(this::watchChanged);
    }

    /** Connects the runtime's telemetry (trace context for dispatches, redacted fields, lease expiries). */
    public void telemetry(DispatchTelemetry telemetry) {
        this.telemetry = telemetry;
    }

    DispatchTelemetry telemetry() {
        return telemetry;
    }

    @Override
    public void ready(String runId, String component) {
        WorkerSession target;
        synchronized (lock) {
            target = pick(component).orElse(null);
            if (target == null || !target.reserve(runId)) {
                waiting.computeIfAbsent(component, c -> new ArrayDeque<>()).add(new Waiting(runId, component));
                return;
            }
        }
        dispatch(target, runId, component);
    }

    private Optional<WorkerSession> pick(String component) {
        WorkerSession best = null;
        for (WorkerSession session : sessions) {
            if (session.serves(component) && session.freeSlots() > 0
                    && (best == null || session.freeSlots() > best.freeSlots())) {
                best = session;
            }
        }
        return Optional.ofNullable(best);
    }

    private void dispatch(WorkerSession session, String runId, String component) {
        long endingsBefore;
        synchronized (lock) {
            endingsBefore = endings.getOrDefault(component, 0L);
        }
        engine.claim(runId, session.workerId()).whenComplete((claim, error) -> {
            if (error != null && unwrap(error) instanceof dev.mainstay.store.ConcurrencyLimitReachedException) {
                boolean parked;
                synchronized (lock) {
                    parked = endings.getOrDefault(component, 0L) == endingsBefore;
                    if (parked) {
                        limited.computeIfAbsent(component, c -> new java.util.LinkedHashSet<>()).add(runId);
                    }
                }
                done(session, runId, 0);
                if (!parked) {
                    ready(runId, component); // a run ended while this claim was refused: its place may be free
                }
                return;
            }
            if (error != null) {
                // the store refused or failed: keep the run queued rather than lose it
                log.warn("event=claim_failed runId={} error={}", runId, error.toString());
                synchronized (lock) {
                    waiting.computeIfAbsent(component, c -> new ArrayDeque<>()).add(new Waiting(runId, component));
                }
                session.releaseSlot(runId, 0); // no refill now: retrying a failing store at once would spin
                return;
            }
            if (claim.isEmpty()) {
                done(session, runId, 0);
                return;
            }
            long epoch = claim.get().epoch();
            var message = Messages.dispatch(claim.get());
            String traceParent = telemetry.traceParent(runId);
            if (!session.dispatch(traceParent == null ? message : message.setTraceparent(traceParent),
                    () -> engine.watchers().watched(runId))) {
                engine.release(runId, component, epoch);
                return;
            }
            log.debug("event=dispatched runId={} workerId={} epoch={} journal={}", runId, session.workerId(), epoch,
                    claim.get().journal().size());
        });
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** A run of {@code component} ended: the runs its limit held back try again, oldest first. */
    @Override
    public void ended(String component) {
        java.util.LinkedHashSet<String> retry;
        synchronized (lock) {
            endings.merge(component, 1L, Long::sum);
            retry = limited.remove(component);
        }
        if (retry != null) {
            retry.forEach(runId -> ready(runId, component));
        }
    }

    /** True when the run waits for a place under its workflow's concurrency limit. */
    public boolean heldByLimit(String runId, String component) {
        synchronized (lock) {
            var held = limited.get(component);
            return held != null && held.contains(runId);
        }
    }

    /** Runs held back by concurrency limits, by component. */
    public Map<String, Integer> limitedDepths() {
        synchronized (lock) {
            Map<String, Integer> depths = new HashMap<>();
            limited.forEach((component, runs) -> depths.put(component, runs.size()));
            return depths;
        }
    }

    /** A session registered: it may take waiting runs. */
    void opened(WorkerSession session) {
        synchronized (lock) {
            if (stopped) {
                session.runtimeStopping();
                return;
            }
            sessions.add(session);
        }
        fill(session);
    }

    /**
     * A run left a session (finished, or its epoch moved on): the slot may take a waiting run.
     * {@code epoch} 0 frees the slot whatever epoch it holds; otherwise only that epoch's.
     */
    void done(WorkerSession session, String runId, long epoch) {
        if (session.releaseSlot(runId, epoch)) {
            fill(session);
        }
    }

    /** A session closed: every run it held goes back to dispatch, to be replayed elsewhere. */
    void closed(WorkerSession session, Map<String, Long> held) {
        synchronized (lock) {
            sessions.remove(session);
            if (stopped) {
                return; // the runtime stops: its next start recovers these runs
            }
        }
        held.forEach((runId, epoch) -> {
            String component = engine.run(runId).component();
            if (epoch > 0) {
                engine.release(runId, component, epoch);
            }
            // epoch 0: the claim is still in flight; its completion sees the closed session and releases.
        });
    }

    private void fill(WorkerSession session) {
        List<Waiting> taken = new ArrayList<>();
        synchronized (lock) {
            if (!sessions.contains(session)) {
                return;
            }
            for (String component : session.components()) {
                ArrayDeque<Waiting> queue = waiting.get(component);
                while (queue != null && !queue.isEmpty() && session.reserve(queue.peek().runId())) {
                    taken.add(queue.poll());
                }
            }
        }
        taken.forEach(w -> dispatch(session, w.runId(), w.component()));
    }

    /** Runs waiting for a worker, by component. */
    public Map<String, Integer> queueDepths() {
        synchronized (lock) {
            Map<String, Integer> depths = new HashMap<>();
            waiting.forEach((component, queue) -> depths.put(component, queue.size()));
            return depths;
        }
    }

    /**
     * Runtime shutdown: dispatch nothing more and tell every worker, whose streams end with
     * UNAVAILABLE ("reconnect later"); their runs stay RUNNING in the store and are recovered by the
     * next start, under a new epoch.
     */
    public void shutdown() {
        List<WorkerSession> all;
        synchronized (lock) {
            stopped = true;
            all = List.copyOf(sessions);
            sessions.clear();
        }
        all.forEach(WorkerSession::runtimeStopping);
    }

    /** A run gained its first live watcher or lost its last: the worker holding it starts or stops reporting progress. */
    private void watchChanged(String runId, boolean watched) {
        // a session that holds none ignores it; with none holding it, its next dispatch carries the flag
        sessions().forEach(session -> session.watch(runId, watched));
    }

    /** Tells the worker holding {@code runId} under {@code epoch} that the run was cancelled. */
    public void cancelRequested(String runId, long epoch) {
        for (WorkerSession session : sessions()) {
            if (session.holds(runId, epoch)) {
                session.cancel(runId, epoch);
                return;
            }
        }
        // no session holds it right now: the next dispatch carries cancel_requested
    }

    List<WorkerSession> sessions() {
        synchronized (lock) {
            return List.copyOf(sessions);
        }
    }

    public List<WorkerInfo> workers() {
        synchronized (lock) {
            return sessions.stream().map(WorkerSession::info).toList();
        }
    }
}
