package dev.mainstay.coordinator;

import dev.mainstay.engine.DispatchState;
import dev.mainstay.engine.Engine;
import dev.mainstay.engine.ReadyRuns;
import dev.mainstay.engine.WorkerInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.mainstay.store.Claim;
import dev.mainstay.store.ReadyRun;
import dev.mainstay.store.WrongBuildException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes ready runs to workers.
 *
 * <p>Why it is long: the lanes, the sessions' free slots and the reservations are one state under
 * one lock, and every path that changes it (ready, reserve, settle, done, scan, closed) must see
 * the others' changes there; queues, rate holds and store scans are classes of their own.
 *
 * <p>A ready run goes to the open session that registered its component and has the most free
 * slots; with none, it waits in a per-component FIFO until a session registers or frees a slot.
 * A slot is reserved under the lock, then the run is claimed in the store (new epoch) outside it,
 * then dispatched. If the session closed in between, the run is released and made ready again.
 * A closed session's runs are released and made ready, so another worker replays them.
 *
 * <p>Several nodes: a run only waits here if a session of this node serves its component; otherwise
 * {@link #ready} says so and the engine tells the other nodes. What this node's sessions may take
 * is also found in the store ({@link #scan}): when a session registers, when another node says runs
 * wait, and when a queue runs dry while the store held more than the last scan took. Claims are
 * conditional in the store, so two nodes that queued one run never both hold it.
 *
 * <p>Builds (docs/architecture.md, "Builds"): the queues are per <em>lane</em>, a component and the
 * build its runs need, or the component alone for runs whose build is not known here yet (made
 * ready by a commit, which says no build). A session takes from its own build's lane first, then
 * from the component's. The store's claim decides: a run that another build must take is refused
 * ({@link WrongBuildException}), writing nothing, and moves to that build's lane, where it waits
 * for a session of that build (here, or on another node, which is told).
 */
public final class Dispatcher implements ReadyRuns, DispatchState {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /** A queued run; {@code arrival} keeps runs of one priority first in, first out. */
    private record Waiting(String runId, String component, int priority, long arrival) {}

    /** Higher priority first, then the earlier arrival. */
    private static final java.util.Comparator<Waiting> DISPATCH_ORDER = java.util.Comparator
            .comparingInt((Waiting w) -> -w.priority()).thenComparingLong(Waiting::arrival);

    /** The queue of runs of {@code component} that need {@code build} (null: not known yet). */
    private static String lane(String component, String build) {
        return build == null ? component : component + '\n' + build;
    }

    private static final long RETRY_AFTER_FAILED_SEND_MS = 200;

    private final Engine engine;
    private final Object lock = new Object();
    private final Map<String, PriorityQueue<Waiting>> waiting = new HashMap<>();
    /** Guarded by lock: the order in which runs joined a queue. */
    private long arrivals;
    /** The ids in {@link #waiting}, with their lane: a run found by a scan and made ready by a commit waits once. */
    private final Map<String, String> queued = new HashMap<>();
    /** Components whose last scan filled its page: the store may hold more of their runs. */
    private final Set<String> backlogged = new java.util.HashSet<>();
    private final StoreScans scans = new StoreScans(this::scanNow);
    /** Runs held back by their workflow's concurrency limit, in start order, until one of its runs ends. */
    private final Map<String, java.util.LinkedHashMap<String, Waiting>> limited = new HashMap<>();
    /** Runs held back by their workflow's rate limit, each until a place frees. */
    private final RateHolds rateHolds = new RateHolds(this::ready);
    /** Runs ended per component: a claim refused by the limit parks only if none ended meanwhile. */
    private final Map<String, Long> endings = new HashMap<>();
    private final Set<WorkerSession> sessions = new LinkedHashSet<>();
    /** Sessions whose registration passed {@link #admit} and is being stored. */
    private final Set<WorkerSession> admitting = new LinkedHashSet<>();
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

    /**
     * A ready run joins its component's queue, and the best session for it fills its free slots.
     * The run does not jump its queue, nor the queues of other components waiting for that session:
     * the session's slots go round-robin over its components ({@link #fill}).
     */
    @Override
    public boolean ready(ReadyRun run) {
        String component = run.component();
        WorkerSession target;
        synchronized (lock) {
            if (!servedHere(component)) {
                return false; // a session that registers it later finds the run in the store
            }
            enqueue(run.id(), component, run.priority(), null, false);
            target = pick(component).orElse(null);
        }
        if (target != null) {
            fill(target);
        }
        return target != null;
    }

    /**
     * Holds a free slot for a run about to start (see {@link ReadyRuns#reserve}): the best session's,
     * as {@link #ready} would pick it, unless runs of the component wait here (queued, held back by
     * its limit, or known to wait in the store beyond the last scan). Settled as its claim would be.
     */
    @Override
    public Optional<Reservation> reserve(ReadyRun run) {
        String component = run.component();
        synchronized (lock) {
            if (stopped || waitsHere(component)) {
                return Optional.empty();
            }
            WorkerSession session = pick(component).orElse(null);
            if (session == null || !session.reserve(run.id(), component, run.priority())) {
                return Optional.empty();
            }
            Waiting waiting = new Waiting(run.id(), component, run.priority(), arrivals++);
            long endingsBefore = endings.getOrDefault(component, 0L);
            return Optional.of(new Reservation() {
                @Override
                public String workerId() {
                    return session.workerId();
                }

                @Override
                public String buildId() {
                    return session.build();
                }

                @Override
                public void settled(Optional<Claim> claim, Throwable refused) {
                    settle(session, waiting, endingsBefore, claim, refused);
                }
            });
        }
    }

    /** Guarded by lock: runs of {@code component} wait for a worker or a place here. */
    private boolean waitsHere(String component) {
        if (backlogged.contains(component) || limited.containsKey(component)) {
            return true;
        }
        for (String lane : waiting.keySet()) {
            if (lane.equals(component) || lane.startsWith(component + '\n')) {
                return true;
            }
        }
        return false;
    }

    private boolean servedHere(String component) {
        for (WorkerSession session : sessions) {
            if (session.serves(component)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Guarded by lock. A run already queued stays where it is, unless its build became known
     * ({@code build} not null, another lane), or the store says ({@code fromStore}) it is pinned to
     * none: a run queued for the current build goes back to the component's lane when another build
     * was promoted meanwhile.
     */
    private void enqueue(String runId, String component, int priority, String build, boolean fromStore) {
        String lane = lane(component, build);
        String was = queued.get(runId);
        if (was != null && (was.equals(lane) || (build == null && !fromStore))) {
            return;
        }
        if (was != null) {
            PriorityQueue<Waiting> old = waiting.get(was);
            if (old != null) {
                old.removeIf(w -> w.runId().equals(runId));
                if (old.isEmpty()) {
                    waiting.remove(was);
                }
            }
        }
        queued.put(runId, lane);
        waiting.computeIfAbsent(lane, c -> new PriorityQueue<>(DISPATCH_ORDER))
                .add(new Waiting(runId, component, priority, arrivals++));
    }

    /** The run, to be queued again (at the back of its priority). */
    private static ReadyRun again(Waiting run) {
        return new ReadyRun(run.runId(), run.component(), null, run.priority());
    }

    /** Another node said runs wait (null: anything may): look in the store, soon, once for all such hints. */
    @Override
    public void scan(Set<String> components) {
        scans.request(components);
    }

    /**
     * Reads the store for PENDING runs of {@code components} (null: every component served here) that
     * sessions of this node have free slots for, and queues them. Returns nothing; fills sessions.
     */
    private void scanNow(Set<String> components) {
        Map<String, Integer> free = new HashMap<>();
        Set<String> builds = new java.util.HashSet<>();
        synchronized (lock) {
            if (stopped) {
                return;
            }
            for (WorkerSession session : sessions) {
                int slots = session.freeSlots();
                if (slots > 0) {
                    builds.add(session.build());
                }
                for (String component : session.order()) {
                    if (components == null || components.contains(component)) {
                        free.merge(component, slots, Integer::sum);
                    }
                }
            }
        }
        free.values().removeIf(slots -> slots <= 0);
        if (free.isEmpty()) {
            return;
        }
        int limit = Math.min(SCAN_PAGE, free.values().stream().mapToInt(Integer::intValue).sum() * 2);
        // runs pinned to a build no session here has are left to the nodes that have one
        List<dev.mainstay.store.ReadyRun> found = engine.pendingRuns(free.keySet(), builds, limit);
        synchronized (lock) {
            if (found.size() >= limit) {
                backlogged.addAll(free.keySet());
            } else {
                backlogged.removeAll(free.keySet());
            }
            for (var run : found) {
                // a run held for a rate limit is offered by its group's timer, in its turn, not by every scan
                if (!heldHere(run.id()) && !rateHolds.holds(run.id())) {
                    enqueue(run.id(), run.component(), run.priority(), run.buildId(), true);
                }
            }
        }
        sessions().forEach(this::fill);
        if (components == null) {
            List<String> limitedComponents;
            synchronized (lock) {
                limitedComponents = List.copyOf(limited.keySet());
            }
            limitedComponents.forEach(this::ended); // a place may have come free on another node
            sweepCancels();
        }
    }

    /** Cancels this node sent after reading the store (not a hint): each once per run and epoch. */
    private final Set<String> sweptCancels = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Pauses this node sent after reading the store: each once per run and epoch. */
    private final Set<String> sweptPauses = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A cancel (or a pause) requested through another node reaches this node as a hint; if the hint
     * was lost (or the nodes poll), the store still says so: tell the workers that hold such runs.
     */
    private void sweepCancels() {
        Map<String, WorkerSession> holders = new HashMap<>();
        for (WorkerSession session : sessions()) {
            session.info().runs().forEach(runId -> holders.put(runId, session));
        }
        sweptCancels.removeIf(key -> !holders.containsKey(key.substring(0, key.lastIndexOf(':'))));
        for (String runId : engine.cancelRequested(holders.keySet())) {
            WorkerSession session = holders.get(runId);
            long epoch = session.heldEpoch(runId);
            if (epoch > 0 && sweptCancels.add(runId + ":" + epoch)) {
                session.cancel(runId, epoch);
            }
        }
        // pauses likewise: a worker told twice gives the run back once (the second Pause finds it gone or paused)
        sweptPauses.removeIf(key -> !holders.containsKey(key.substring(0, key.lastIndexOf(':'))));
        for (String runId : engine.pauseRequested(holders.keySet())) {
            WorkerSession session = holders.get(runId);
            long epoch = session.heldEpoch(runId);
            if (epoch > 0 && sweptPauses.add(runId + ":" + epoch)) {
                session.pause(runId, epoch);
            }
        }
    }

    /** Runs one scan reads at most. */
    private static final int SCAN_PAGE = 1_000;

    /** Guarded by lock. */
    private boolean heldHere(String runId) {
        for (WorkerSession session : sessions) {
            if (session.holdsRun(runId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A session registered its components: null when it may serve them, or why not. A connected (or
     * registering) session that serves one of them with another definition refuses it: a silent
     * overwrite would change kind, schema, timeouts, limits or schedule under the runs it serves.
     * Checked and recorded under the lock, so two conflicting registrations cannot both pass.
     */
    String admit(WorkerSession session) {
        synchronized (lock) {
            if (stopped) {
                return null; // opened() ends it
            }
            for (WorkerSession other : sessions) {
                String conflict = conflict(session, other);
                if (conflict != null) {
                    return conflict;
                }
            }
            for (WorkerSession other : admitting) {
                String conflict = conflict(session, other);
                if (conflict != null) {
                    return conflict;
                }
            }
            admitting.add(session);
            return null;
        }
    }

    private static String conflict(WorkerSession session, WorkerSession other) {
        if (other == session || !other.isOpen()) {
            return null;
        }
        var theirs = other.definitions();
        for (var mine : session.definitions().values()) {
            for (var theirMate : theirs.values()) {
                String differs = Queues.differs(mine, theirMate);
                if (differs != null) {
                    return differs + " on connected worker '" + other.workerId() + "' (session " + other.sessionId()
                            + "). Declare one limit for the queue on every worker";
                }
            }
            var their = theirs.get(mine.getName());
            if (their == null) {
                continue;
            }
            List<String> differences = RegistrationConflicts.differences(mine, their);
            if (!differences.isEmpty()) {
                return "component '" + dev.mainstay.engine.Namespaces.local(mine.getName()) + "' (namespace "
                        + dev.mainstay.engine.Namespaces.of(mine.getName()) + ") is registered differently here than by connected worker '"
                        + other.workerId() + "' (session " + other.sessionId() + "): " + String.join("; ", differences)
                        + ". Serve one definition at a time: stop the workers of the other definition first, or deploy"
                        + " the same definition to every worker";
            }
        }
        return null;
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

    private void dispatch(WorkerSession session, Waiting run) {
        String runId = run.runId();
        String component = run.component();
        long endingsBefore;
        synchronized (lock) {
            endingsBefore = endings.getOrDefault(component, 0L);
        }
        engine.claim(runId, session.workerId(), session.build())
                .whenComplete((claim, error) -> settle(session, run, endingsBefore, claim, error));
    }

    /** A claim for {@code session} committed, was refused or failed: act on it ({@link #claimed}). */
    private void settle(WorkerSession session, Waiting run, long endingsBefore, Optional<Claim> claim, Throwable error) {
        try {
            claimed(session, run, endingsBefore, claim, error);
        } catch (RuntimeException | Error e) {
            // whatever failed, the run must not stay RUNNING under an epoch nobody was sent
            sendFailed(session, run, claim, e);
        }
    }

    /**
     * The claim committed but its dispatch was not sent: give the slot back, release the run under
     * its new epoch (fenced: a no-op if it moved on) and let it be dispatched again, after a pause so
     * that a failure that repeats does not spin.
     */
    private void sendFailed(WorkerSession session, Waiting run, Optional<Claim> claim, Throwable e) {
        String runId = run.runId();
        log.error("event=dispatch_failed runId={} workerId={} error={}", runId, session.workerId(), e.toString(), e);
        long epoch = claim == null || claim.isEmpty() ? 0 : claim.get().epoch();
        session.releaseSlot(runId, 0);
        var later = CompletableFuture.delayedExecutor(RETRY_AFTER_FAILED_SEND_MS, TimeUnit.MILLISECONDS);
        CompletableFuture.runAsync(() -> {
            if (epoch > 0) {
                engine.release(runId, run.component(), run.priority(), epoch);
            } else {
                ready(again(run));
            }
        }, later);
        fill(session);
    }

    private void claimed(WorkerSession session, Waiting run, long endingsBefore, Optional<Claim> claim, Throwable error) {
        String runId = run.runId();
        String component = run.component();
        if (error != null && unwrap(error) instanceof dev.mainstay.store.ConcurrencyLimitReachedException) {
            boolean parked;
            synchronized (lock) {
                parked = endings.getOrDefault(component, 0L) == endingsBefore;
                if (parked) {
                    limited.computeIfAbsent(component, c -> new java.util.LinkedHashMap<>()).put(runId, run);
                }
            }
            done(session, runId, 0);
            if (!parked) {
                ready(again(run)); // a run ended while this claim was refused: its place may be free
            }
            return;
        }
        if (error != null && unwrap(error) instanceof dev.mainstay.store.RateLimitReachedException limited) {
            log.debug("event=dispatch_rate_limited runId={} component={} retry_after_ms={}", runId, component,
                    limited.retryAfterMs());
            rateHolds.hold(runId, component, run.priority(), limited.key(), limited.retryAfterMs());
            done(session, runId, 0);
            return;
        }
        if (error != null && unwrap(error) instanceof WrongBuildException wrong) {
            wrongBuild(session, run, wrong.neededBuild());
            return;
        }
        if (error != null) {
            // the store refused or failed: keep the run queued rather than lose it
            log.warn("event=claim_failed runId={} error={}", runId, error.toString());
            synchronized (lock) {
                enqueue(runId, component, run.priority(), null, false);
            }
            session.releaseSlot(runId, 0); // no refill now: retrying a failing store at once would spin
            return;
        }
        rateHolds.claimed(runId); // held for a rate limit no more: its group's next run may try for a place
        if (claim.isEmpty()) {
            done(session, runId, 0);
            return;
        }
        long epoch = claim.get().epoch();
        var message = Messages.dispatch(claim.get());
        if (engine.clock().skips()) {
            message.setNowMs(engine.clock().millis()); // the worker's clock for this run (see TestClock)
        }
        String traceParent = telemetry.traceParent(runId);
        if (!session.dispatch(traceParent == null ? message : message.setTraceparent(traceParent),
                () -> engine.watchers().watched(runId))) {
            engine.release(runId, component, run.priority(), epoch);
            return;
        }
        log.debug("event=dispatched runId={} workerId={} epoch={} journal={}", runId, session.workerId(), epoch,
                claim.get().journal().size());
    }

    /**
     * The run needs a worker of {@code build}: it waits in that build's lane, and a session of that
     * build here fills from it; with none here, the other nodes are told (theirs may have one).
     */
    private void wrongBuild(WorkerSession session, Waiting run, String build) {
        String runId = run.runId();
        String component = run.component();
        log.debug("event=dispatch_wrong_build runId={} workerId={} build={} needed={}", runId, session.workerId(),
                session.build(), build);
        WorkerSession target = null;
        synchronized (lock) {
            enqueue(runId, component, run.priority(), build, false);
            for (WorkerSession other : sessions) {
                if (other.serves(component) && build.equals(other.build()) && other.freeSlots() > 0) {
                    target = other;
                    break;
                }
            }
        }
        done(session, runId, 0);
        if (target != null) {
            fill(target);
        } else {
            engine.wantedElsewhere(component);
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /**
     * A run of {@code component} ended: the runs its limit held back try again, oldest first, and so
     * do those of the workflows that share its queue (a place in the queue is free).
     */
    @Override
    public void ended(String component) {
        Map<String, java.util.LinkedHashMap<String, Waiting>> retry = new java.util.LinkedHashMap<>();
        synchronized (lock) {
            Set<String> freed = Queues.mates(component, sessions.stream().map(WorkerSession::definitions).toList());
            for (String mate : freed) {
                endings.merge(mate, 1L, Long::sum);
                var held = limited.remove(mate);
                if (held != null) {
                    retry.put(mate, held);
                }
            }
        }
        retry.values().forEach(runs -> runs.values().forEach(run -> ready(again(run))));
    }

    /** True when the run waits for a place under its workflow's concurrency limit. */
    public boolean heldByLimit(String runId, String component) {
        synchronized (lock) {
            var held = limited.get(component);
            return held != null && held.containsKey(runId);
        }
    }

    /** True when the run waits for a place under its workflow's rate limit. */
    @Override
    public boolean heldByRateLimit(String runId) {
        return rateHolds.holds(runId);
    }

    /** Runs held back by rate limits, by component. */
    @Override
    public Map<String, Integer> rateLimitedDepths() {
        return rateHolds.depths();
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
            admitting.remove(session);
            if (stopped) {
                session.runtimeStopping();
                return;
            }
            if (!session.isOpen()) {
                return; // it closed while its registration was stored
            }
            sessions.add(session);
        }
        fill(session);
        scan(Set.copyOf(session.order())); // runs that waited in the store while no session here served them
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
    void closed(WorkerSession session, Map<String, WorkerSession.Held> held) {
        synchronized (lock) {
            sessions.remove(session);
            admitting.remove(session);
            if (stopped) {
                return; // the runtime stops: its next start recovers these runs
            }
        }
        held.forEach((runId, run) -> {
            if (run.epoch() > 0) {
                engine.release(runId, run.component(), run.priority(), run.epoch());
            }
            // epoch 0: the claim is still in flight; its completion sees the closed session and releases.
        });
    }

    /**
     * Offers the session's free slots to its components in turn (round-robin, in registration
     * order, resuming after the component served last), each taking the oldest run of its queue. A
     * steady backlog of one workflow therefore cannot keep another's runs waiting: with one slot,
     * the runs of two busy components alternate.
     */
    private void fill(WorkerSession session) {
        List<Waiting> taken = new ArrayList<>();
        synchronized (lock) {
            if (!sessions.contains(session)) {
                return;
            }
            int components = session.order().size();
            int idle = 0; // components in a row that had nothing waiting
            while (idle < components && session.freeSlots() > 0) {
                String component = session.nextTurn();
                String lane = lane(component, session.build());
                PriorityQueue<Waiting> queue = waiting.get(lane);
                if (queue == null || queue.isEmpty() || session.holdsRun(queue.peek().runId())) {
                    lane = component; // runs of its own build first, then those whose build is not known yet
                    queue = waiting.get(lane);
                }
                if (queue == null || queue.isEmpty()) {
                    if (backlogged.remove(component)) {
                        scans.request(Set.of(component)); // the store held more than the last scan took
                    }
                    idle++;
                    continue;
                }
                if (session.holdsRun(queue.peek().runId())) {
                    // it is still leaving this session (a release being committed): it waits for that
                    idle++;
                    continue;
                }
                Waiting next = queue.poll();
                queued.remove(next.runId());
                if (queue.isEmpty()) {
                    waiting.remove(lane);
                }
                if (session.reserve(next.runId(), component, next.priority())) {
                    taken.add(next);
                }
                idle = 0;
            }
        }
        taken.forEach(w -> dispatch(session, w));
    }

    /**
     * Runs waiting for a worker, by component, on every node: the store's PENDING runs, less those
     * this node holds back for their concurrency or rate limit (a place, not a worker, is what they lack).
     */
    public Map<String, Integer> queueDepths() {
        Map<String, Integer> depths = new HashMap<>(engine.pendingCounts());
        Map<String, Integer> held = new HashMap<>(limitedDepths());
        rateLimitedDepths().forEach((component, n) -> held.merge(component, n, Integer::sum));
        held.forEach((component, n) -> depths.computeIfPresent(component,
                (c, pending) -> pending > n ? pending - n : null));
        return depths;
    }

    /**
     * Runtime shutdown: dispatch nothing more and tell every worker, whose streams end with
     * UNAVAILABLE ("reconnect later"); their runs stay RUNNING in the store and are recovered by the
     * next start, under a new epoch.
     */
    public void shutdown() {
        scans.close();
        rateHolds.close();
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
            if (session.cancel(runId, epoch)) {
                sweptCancels.add(runId + ":" + epoch); // the store's sweep need not send it again
                return; // sent, or kept for the Dispatch of a claim still in flight
            }
        }
        // no session holds it right now: the next dispatch carries cancel_requested
    }

    /** Tells the worker holding {@code runId} under {@code epoch} that the run was paused: it gives the run back. */
    public void pauseRequested(String runId, long epoch) {
        for (WorkerSession session : sessions()) {
            if (session.pause(runId, epoch)) {
                sweptPauses.add(runId + ":" + epoch); // the store's sweep need not send it again
                return; // sent, or kept for the Dispatch of a claim still in flight
            }
        }
        // no session here holds it: its holder's node heard the same, or it was given back meanwhile
    }

    /**
     * A run was taken from its holder (its deadline passed): free the holder's slot now rather than at
     * its next write, and send its worker a Cancel, so that its body stops at its next operation
     * (whose write is then refused: the run is no longer this stream's).
     */
    @Override
    public void taken(String runId) {
        for (WorkerSession session : sessions()) {
            long epoch = session.heldEpoch(runId);
            if (epoch >= 0) {
                if (epoch > 0) {
                    session.cancel(runId, epoch);
                }
                done(session, runId, 0);
                return;
            }
        }
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
