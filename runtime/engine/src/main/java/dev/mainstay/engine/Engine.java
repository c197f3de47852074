package dev.mainstay.engine;

import dev.mainstay.store.AgentSession;
import dev.mainstay.store.Attempt;
import dev.mainstay.store.Cancellation;
import dev.mainstay.store.Claim;
import dev.mainstay.store.Delivery;
import dev.mainstay.store.EventWait;
import dev.mainstay.store.ComponentKind;
import dev.mainstay.store.ComponentRecord;
import dev.mainstay.store.Failure;
import dev.mainstay.store.JournalEntry;
import dev.mainstay.store.JournalStore;
import dev.mainstay.store.NewRun;
import dev.mainstay.store.RunPage;
import dev.mainstay.store.RunQuery;
import dev.mainstay.store.RunRecord;
import dev.mainstay.store.StartResult;
import dev.mainstay.store.UuidV7;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run state machine over a {@link JournalStore}: PENDING → RUNNING (claimed under a new epoch)
 * → COMPLETED | FAILED, with RUNNING → PENDING when the holder goes away. The store enforces each
 * transition (fencing); the engine sequences them and tells the rest of the runtime.
 *
 * <p>Why it is long: the gateway and the coordinator may meet only here (the build's layering
 * rule), so every operation either needs has its entry point in this class. Each entry point is
 * short and hands its state to a helper of its own (Timers, FinishWaiters, KnownComponents,
 * Peers, ScheduleRegistry, Webhooks, NodeWorkers); what stays here is the sequencing.
 */
public final class Engine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    private final JournalStore store;
    private final ScheduleRegistry scheduleRegistry;
    private final RuntimeClock clock;
    private final FinishWaiters finishWaiters;
    private final KnownComponents components;
    private final RunWatchers watchers = new RunWatchers();
    private volatile ReadyRuns readyRuns = run -> false;
    private volatile java.util.function.ObjLongConsumer<String> cancelRequests = (runId, epoch) -> {};
    private volatile java.util.function.ObjLongConsumer<String> pauseRequests = (runId, epoch) -> {};
    private final Timers timers;
    private final Peers peers;
    private volatile Membership membership;
    private final NodeWorkers nodeWorkers;
    private final Webhooks webhooks;
    private volatile String nodeId = "local";
    private volatile Retention retention;
    private final java.util.List<RunListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Engine(JournalStore store) {
        this(store, RuntimeClock.SYSTEM);
    }

    /** An engine whose run times come from {@code clock} (give the store the same one). */
    public Engine(JournalStore store, RuntimeClock clock) {
        this.store = store;
        this.clock = clock;
        this.timers = new Timers(store, this::ready, this::expired,
                new Schedules(store, (workflow, input, key) -> start(new StartCommand(workflow, ComponentKind.WORKFLOW,
                        input == null ? NO_INPUT : input, key))), clock);
        this.peers = new Peers(store);
        this.finishWaiters = new FinishWaiters(store::run);
        this.components = new KnownComponents(store::component, System::nanoTime);
        this.nodeWorkers = new NodeWorkers(store);
        this.webhooks = new Webhooks(store);
        this.scheduleRegistry = new ScheduleRegistry(store, clock, this::scheduled);
        watchers.connect((runId, watched) -> peers.tell(dev.mainstay.store.Signal.Kind.WATCH, runId + (watched ? ":1" : ":0")),
                (runId, event) -> peers.tell(dev.mainstay.store.Signal.Kind.LIVE, runId + ":" + LiveEvents.encode(event)));
        store.onLineage(this::lineage);
    }

    /** The runtime's clock: every run time the runtime writes or compares is read from it. */
    public RuntimeClock clock() {
        return clock;
    }

    // ---- what this node does locally and tells the other nodes of the runtime ----

    /** A run needs a worker: this node's, or (when none here can take it) another node's. */
    private void ready(String runId, String component, int priority) {
        if (!readyRuns.ready(new dev.mainstay.store.ReadyRun(runId, component, null, priority))) {
            peers.tell(dev.mainstay.store.Signal.Kind.WORK, component);
        }
    }

    private void ready(RunRecord run) {
        ready(run.id(), run.component(), run.priority());
    }

    /**
     * A commit changed the run: its watchers here read it again, and so do those of other nodes, of
     * which every node knows by their WATCH hints (a commit under load tells no one who does not watch).
     */
    private void changed(String runId) {
        watchers.changed(runId);
        if (watchers.watchedElsewhere(runId)) {
            peers.tell(dev.mainstay.store.Signal.Kind.CHANGED, runId);
        }
    }

    private void cancelRequested(String runId, long epoch) {
        cancelRequests.accept(runId, epoch);
        peers.tell(dev.mainstay.store.Signal.Kind.CANCEL, runId + ":" + epoch);
    }

    private void pauseRequested(String runId, long epoch) {
        pauseRequests.accept(runId, epoch);
        peers.tell(dev.mainstay.store.Signal.Kind.PAUSE, runId + ":" + epoch);
    }

    private void scheduled(long atMs) {
        timers.scheduled(atMs);
        peers.tell(dev.mainstay.store.Signal.Kind.TIMER, Long.toString(atMs));
    }

    /** What the other nodes told this one. */
    private final Peers.Receiver heard = new Peers.Receiver() {
        @Override
        public void work(java.util.Set<String> components) {
            readyRuns.scan(components);
        }

        @Override
        public void changed(String runId) {
            watchers.changed(runId);
            finishWaiters.recheck(runId);
        }

        @Override
        public void changedAll() {
            components.changed(); // another node may have registered a component's new settings
            watchers.changedAll();
            finishWaiters.recheckAll();
        }

        @Override
        public void cancelRequested(String runId, long epoch) {
            cancelRequests.accept(runId, epoch);
        }

        @Override
        public void pauseRequested(String runId, long epoch) {
            pauseRequests.accept(runId, epoch);
        }

        @Override
        public void taken(String runId) {
            readyRuns.taken(runId);
        }

        @Override
        public void ended(String component) {
            readyRuns.ended(component);
        }

        @Override
        public void timer(long atMs) {
            timers.scheduled(atMs);
        }

        @Override
        public void watch(String runId, boolean watched) {
            watchers.remoteWatch(runId, watched);
        }

        @Override
        public void live(String runId, LiveEvent event) {
            watchers.relayed(runId, event);
        }
    };

    private static final byte[] NO_INPUT = "null".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    /** The schedules' book: create, replace, delete, list, and the ones workers declare. */
    public ScheduleRegistry scheduleRegistry() {
        return scheduleRegistry;
    }

    /** A run's end reached its relatives: wake parents, finish or stop required children. */
    private void lineage(dev.mainstay.store.LineageEffects effects) {
        effects.woken().forEach(this::ready);
        effects.cancelled().forEach(this::finished);
        effects.failed().forEach(this::finished);
        effects.cancelRequested().forEach(child -> cancelRequested(child.id(), child.epoch()));
    }

    /**
     * Starts a child of {@code parentId} (a workflow, or a function of any worker) and journals it at
     * {@code position} of the parent; completes with that entry's output, {"runId": ...}.
     */
    public CompletableFuture<byte[]> startChild(String parentId, long epoch, int position, String componentName,
                                                byte[] input, boolean detached) {
        ComponentRecord component = components.get(componentName)
                .orElseThrow(() -> new WorkflowNotFoundException(componentName, dev.mainstay.store.ComponentKind.WORKFLOW));
        long now = clock.millis();
        String childId = UuidV7.next();
        byte[] output = ("{\"runId\":\"" + childId + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // the entry carries the name the parent's code called, which replay compares, not the qualified one
        JournalEntry entry = new JournalEntry(position, "child", Namespaces.local(component.name()), true, input, output,
                null, 1, now, now);
        Long deadline = component.runTimeoutMs() == null ? null : now + component.runTimeoutMs();
        NewRun child = new NewRun(childId, component.name(), component.kind(), input, null, now, deadline,
                ConcurrencyKeys.of(component, input)).withRateKey(ConcurrencyKeys.rateKey(component, input));
        return store.startChild(parentId, epoch, entry, child, detached).thenApply(run -> {
            log.debug("event=child_started runId={} parentId={} component={}", childId, parentId, component.name());
            ready(run);
            if (deadline != null) {
                scheduled(deadline);
            }
            return output;
        });
    }

    /** Connects the engine to dispatch; runs that become ready go there. */
    public void onReady(ReadyRuns readyRuns) {
        this.readyRuns = readyRuns;
    }

    /** Adds a listener of committed changes (telemetry); see {@link RunListener} for its rules. */
    public void addListener(RunListener listener) {
        listeners.add(listener);
    }

    private void tell(java.util.function.Consumer<RunListener> event) {
        for (RunListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                log.warn("event=listener_failed listener={} error={}", listener.getClass().getName(), e.toString());
            }
        }
    }

    /** Where a cancel request for a RUNNING run goes: the coordinator, which tells the run's worker. */
    public void onCancelRequest(java.util.function.ObjLongConsumer<String> cancelRequests) {
        this.cancelRequests = cancelRequests;
    }

    /**
     * Cancels a run: at once when no worker holds it, else by asking its worker (the run then ends
     * CANCELLED after its cleanup). Throws RunAlreadyFinishedException when its outcome came first.
     */
    public RunRecord cancel(String runId, String by) {
        run(runId);
        Cancellation cancellation = join(store.cancel(runId, by, clock.millis()));
        if (cancellation.immediate()) {
            finished(cancellation.run());
        } else {
            cancelRequested(runId, cancellation.run().epoch());
        }
        return run(runId);
    }

    /** Where a pause of a RUNNING run goes: the coordinator, which tells the run's worker to give it back. */
    public void onPauseRequest(java.util.function.ObjLongConsumer<String> pauseRequests) {
        this.pauseRequests = pauseRequests;
    }

    /**
     * Pauses a run ({@link JournalStore#pause}): no worker gets it until {@link #resume}. A RUNNING
     * run's worker is asked to give it back after the operation it is in; the run then waits PENDING.
     * Throws RunAlreadyFinishedException when the run has its outcome; pausing twice changes nothing.
     */
    public RunRecord pause(String runId, String by) {
        run(runId);
        RunRecord paused = join(store.pause(runId, by));
        if (paused.status() == dev.mainstay.store.RunStatus.RUNNING) {
            pauseRequested(runId, paused.epoch());
        }
        log.info("event=run_paused runId={} status={} by={}", runId, paused.status(), by);
        changed(runId);
        return paused;
    }

    /** Ends a run's pause; a run that waits for a worker goes to dispatch at once. */
    public RunRecord resume(String runId) {
        run(runId);
        RunRecord resumed = join(store.resume(runId));
        log.info("event=run_resumed runId={} status={}", runId, resumed.status());
        changed(runId);
        if (resumed.status() == dev.mainstay.store.RunStatus.PENDING) {
            ready(resumed);
        }
        return resumed;
    }

    /**
     * Pauses a workflow: no run of it is dispatched until {@link #resumeWorkflow} (those held by a
     * worker go on). Throws WorkflowNotFoundException when no worker registered it. Returns its pause.
     */
    public dev.mainstay.store.Pause pauseWorkflow(String workflow, String by) {
        workflowOf(workflow);
        join(store.pauseComponent(workflow, by));
        log.info("event=workflow_paused workflow={} by={}", workflow, by);
        return store.componentPause(workflow).orElseThrow();
    }

    /** Ends a workflow's pause: its waiting runs go to dispatch at once, on every node. */
    public void resumeWorkflow(String workflow) {
        workflowOf(workflow);
        join(store.resumeComponent(workflow));
        log.info("event=workflow_resumed workflow={}", workflow);
        buildChanged(workflow);
    }

    /** The workflow's pause, while it is paused. */
    public Optional<dev.mainstay.store.Pause> workflowPause(String workflow) {
        return store.componentPause(workflow);
    }

    private ComponentRecord workflowOf(String workflow) {
        return store.component(workflow).filter(c -> c.kind() == ComponentKind.WORKFLOW)
                .orElseThrow(() -> new WorkflowNotFoundException(workflow, ComponentKind.WORKFLOW));
    }

    /** Starts a run, or returns the run its idempotency key already started. Returns once committed. */
    public StartResult start(StartCommand command) {
        return startPlain(command, component(command));
    }

    /**
     * As {@link #start(StartCommand)}, for a caller that has resolved the component already (the
     * gateway, to check the input against its schema): the start then reads no component again.
     */
    public StartResult start(StartCommand command, ComponentRecord component) {
        checkComponent(command, component);
        return startPlain(command, component);
    }

    /** A start and the outcome of the run it started (or found by its idempotency key). */
    public record AwaitedStart(StartResult start, CompletableFuture<RunRecord> finished) {}

    /**
     * As {@link #start(StartCommand, ComponentRecord)}, for a caller that waits for the run's outcome
     * ({@code ?wait=}): the wait is registered before the run is created, so it costs no read of the
     * run (only a run found by its idempotency key is read).
     */
    public AwaitedStart startAwaited(StartCommand command, ComponentRecord component) {
        checkComponent(command, component);
        NewRun run = newRun(command, component);
        CompletableFuture<RunRecord> expected = finishWaiters.expect(run.id());
        StartResult result;
        try {
            result = startPlain(run, component);
        } catch (RuntimeException | Error e) {
            finishWaiters.forget(run.id(), expected);
            throw e;
        }
        if (result.created()) {
            return new AwaitedStart(result, expected);
        }
        finishWaiters.forget(run.id(), expected);
        return new AwaitedStart(result, whenFinished(result.run().id()));
    }

    private static void checkComponent(StartCommand command, ComponentRecord component) {
        if (!component.name().equals(command.component()) || component.kind() != command.kind()) {
            throw new IllegalArgumentException("component " + component.name() + " is not the command's " + command.component());
        }
    }

    /**
     * A start with nothing but the run to create: when a worker of this node has a free slot for it,
     * the commit that creates the run also claims it for that worker (one commit, not two). Not for
     * a workflow with a concurrency or rate limit: runs held back by them go first, in their order.
     */
    private StartResult startPlain(StartCommand command, ComponentRecord component) {
        return startPlain(newRun(command, component), component);
    }

    private StartResult startPlain(NewRun run, ComponentRecord component) {
        boolean limited = component.rateLimit() != null || component.queue() != null
                || (component.maxConcurrency() != null && component.maxConcurrency() > 0);
        Optional<ReadyRuns.Reservation> slot = limited ? Optional.empty()
                : readyRuns.reserve(new dev.mainstay.store.ReadyRun(run.id(), component.name(), null, run.priority()));
        if (slot.isEmpty()) {
            return start(run, component, store::start, null);
        }
        ReadyRuns.Reservation reservation = slot.get();
        dev.mainstay.store.ClaimedStart committed;
        try {
            committed = join(store.startAndClaim(run, reservation.workerId(), reservation.buildId()));
        } catch (RuntimeException | Error e) {
            reservation.settled(Optional.empty(), null);
            throw e;
        }
        try {
            started(committed.start(), run, null, false);
            committed.claim().ifPresent(claim -> {
                tell(l -> l.claimed(claim.run(), claim.epoch(), reservation.workerId()));
                changed(run.id());
            });
        } finally {
            reservation.settled(committed.claim(), committed.refused()); // a run claimed is always sent or released
        }
        return committed.start();
    }

    /**
     * Starts a run of an agent's session (see {@link JournalStore#startInSession}): the run and the
     * session's pointer to it are committed together. Returns once committed.
     */
    public StartResult startInSession(StartCommand command, String agent, String sessionId, String expectedLastRunId) {
        return start(command, component(command), run -> store.startInSession(run, agent, sessionId, expectedLastRunId),
                sessionId);
    }

    private ComponentRecord component(StartCommand command) {
        return components.get(command.component())
                .filter(c -> c.kind() == command.kind())
                .orElseThrow(() -> new WorkflowNotFoundException(command.component(), command.kind()));
    }

    /** The one start path: create the run of {@code component} with {@code write}, hand it to dispatch. */
    private StartResult start(StartCommand command, ComponentRecord component,
                              java.util.function.Function<NewRun, CompletableFuture<StartResult>> write, String session) {
        return start(newRun(command, component), component, write, session);
    }

    private StartResult start(NewRun run, ComponentRecord component,
                              java.util.function.Function<NewRun, CompletableFuture<StartResult>> write, String session) {
        StartResult result = join(write.apply(run));
        started(result, run, session, true);
        return result;
    }

    private NewRun newRun(StartCommand command, ComponentRecord component) {
        long now = clock.millis();
        Long deadline = component.runTimeoutMs() == null ? null : now + component.runTimeoutMs();
        return new NewRun(UuidV7.next(), component.name(), command.kind(),
                command.input(), command.idempotencyKey(), now, deadline, ConcurrencyKeys.of(component, command.input()),
                command.traceParent(), command.tags(), command.startedBy(), command.priority())
                .withRateKey(ConcurrencyKeys.rateKey(component, command.input()));
    }

    /** A start committed: tell the listeners, and dispatch ({@code dispatch}: a PENDING run is made ready) and timers. */
    private void started(StartResult result, NewRun run, String session, boolean dispatch) {
        if (!result.created()) {
            return;
        }
        tell(l -> l.started(result.run()));
        log.debug("event=run_started runId={} workflow={} session={}", result.run().id(), run.component(), session);
        if (result.run().status() == dev.mainstay.store.RunStatus.PENDING) {
            if (dispatch) {
                ready(result.run());
            }
        } else if (result.run().wakeAtMs() != null) {
            scheduled(result.run().wakeAtMs()); // a debounced start waits for its window
        }
        if (run.deadlineAtMs() != null) {
            scheduled(run.deadlineAtMs());
        }
    }

    /**
     * A debounced start ({@link JournalStore#startDebounced}): the run of {@code component} that
     * waits under the key takes the command's input (returned, not created), or a new run waits for
     * the end of its window. {@code component} as resolved by the caller.
     */
    public StartResult startDebounced(StartCommand command, ComponentRecord component, dev.mainstay.store.Debounce debounce) {
        StartResult result = start(command, component, run -> store.startDebounced(run, debounce), null);
        if (!result.created()) {
            log.debug("event=run_debounced runId={} workflow={}", result.run().id(), component.name());
            changed(result.run().id());
        }
        return result;
    }

    /**
     * Restart from a step ({@link JournalStore#restart}): a new run of the finished run's component
     * with its input and priority, whose journal before {@code fromPosition} is the original's, so
     * those steps do not run again; dispatched as any start. {@code by}: the caller's token id.
     */
    public StartResult restart(String runId, int fromPosition, String by) {
        RunRecord original = run(runId);
        StartCommand command = new StartCommand(original.component(), original.kind(), original.input(), null, null,
                List.of(), by, original.priority());
        return start(command, component(command), run -> store.restart(runId, fromPosition, run), null);
    }

    /** The highest journaled position of a run, 0 when it journaled nothing. */
    public int lastPosition(String runId) {
        return store.lastPosition(runId);
    }

    /** The run {@code runId} was restarted from, and the runs restarted from it (oldest first). */
    public Restarts restarts(String runId) {
        return new Restarts(store.restartedFrom(runId).orElse(null), store.restarts(runId));
    }

    /** See {@link JournalStore#attributes(String)}. */
    public List<dev.mainstay.store.RunAttribute> attributes(String runId) {
        return store.attributes(runId);
    }

    /** See {@link JournalStore#attributes(java.util.Collection)}. */
    public Map<String, List<dev.mainstay.store.RunAttribute>> attributes(java.util.Collection<String> runIds) {
        return store.attributes(runIds);
    }

    /** A run's restart links: {@code restartedFrom} may be null. */
    public record Restarts(String restartedFrom, List<String> restarts) {}

    /** See {@link JournalStore#eventSenders}. */
    public Map<Integer, String> eventSenders(String runId, int fromPosition, int toPosition) {
        return store.eventSenders(runId, fromPosition, toPosition);
    }

    public Optional<AgentSession> agentSession(String agent, String sessionId) {
        return store.agentSession(agent, sessionId);
    }

    /**
     * Enters this node into its runtime (one node on SQLite; any number on PostgreSQL): the runs an
     * earlier incarnation of the node held go back to PENDING, the lease is kept renewed, the timers
     * run while the node leads, and the other nodes' hints are heard. Returns how many runs came back.
     * {@code lost} is told when the node's lease is gone for good (the process must stop).
     */
    public int join(dev.mainstay.store.NodeIdentity node, long leaseMs, java.util.function.Consumer<String> lost) {
        Membership joined = new Membership(store, node, leaseMs, new Membership.Listener() {
            @Override
            public void leading(boolean leader) {
                timers.lead(leader);
            }

            @Override
            public void takenBack(List<RunRecord> runs) {
                runs.forEach(Engine.this::ready);
            }

            @Override
            public void otherNodes(int count) {
                peers.otherNodes(count);
            }
        }, lost, nodeWorkers::localJson);
        nodeId = node.id();
        List<RunRecord> taken = joined.join();
        peers.listen(heard); // after the join: the store's signals are the node's from then on
        membership = joined;
        taken.forEach(this::ready);
        return taken.size();
    }

    /**
     * Deletes finished runs once they finished longer ago than their workflow's retention
     * ({@link #setRetention}), else than {@code keep} (null: those stay), on whichever node leads
     * (see {@link Retention}); call after {@link #join}.
     */
    public void retainFinishedRuns(java.time.Duration keep) {
        if (keep != null && (keep.isNegative() || keep.isZero())) {
            throw new IllegalArgumentException("retention was " + keep + "; use a positive duration");
        }
        retention = new Retention(store, keep, () -> membership != null && membership.leader(), clock);
    }

    /** Sets how long {@code workflow}'s finished runs are kept (null: as the runtime's {@code --retention}). */
    public void setRetention(String workflow, java.time.Duration keep) {
        if (keep != null && (keep.isNegative() || keep.isZero())) {
            throw new IllegalArgumentException("retention was " + keep + "; use a positive duration");
        }
        if (!join(store.setRetention(workflow, keep == null ? null : keep.toMillis()))) {
            throw new WorkflowNotFoundException(workflow, dev.mainstay.store.ComponentKind.WORKFLOW);
        }
        log.info("event=workflow_retention_set workflow={} retention={}", workflow, keep == null ? "default" : keep);
        Retention deleting = retention;
        if (deleting != null) {
            deleting.replan();
        }
    }

    /** The runtime's retention ({@code --retention}), if it has one. */
    public java.util.Optional<java.time.Duration> runtimeRetention() {
        Retention deleting = retention;
        return deleting == null ? java.util.Optional.empty() : deleting.keep();
    }

    /** {@code workflow}'s own retention, if it has one. */
    public java.util.Optional<java.time.Duration> retention(String workflow) {
        return store.retention(workflow).map(java.time.Duration::ofMillis);
    }

    /** Where this node's connected workers come from (the coordinator's dispatcher). */
    public void onWorkers(java.util.function.Supplier<List<WorkerInfo>> workers) {
        nodeWorkers.connect(workers);
    }

    /** The workers connected to every node of the runtime, this node's first. */
    public List<ClusterWorker> workers() {
        return nodeWorkers.all(nodeId);
    }

    /** A clean stop: the runs this node's workers held go to the other nodes at once. */
    public void leave() {
        Membership joined = membership;
        if (joined != null) {
            List<RunRecord> taken = joined.leave();
            peers.otherNodes(1); // whoever is left must hear it, even if this node thought it was alone
            taken.stream().map(RunRecord::component).distinct()
                    .forEach(component -> peers.tell(dev.mainstay.store.Signal.Kind.WORK, component));
        }
    }

    /**
     * Records a failed attempt under fencing. With {@code suspend} the run leaves its worker until
     * the attempt's retry time, when the timers hand it to dispatch again.
     */
    public CompletableFuture<Void> recordAttempt(String runId, long epoch, Attempt attempt, boolean suspend) {
        return recordAttempt(runId, epoch, attempt, suspend, Map.of());
    }

    /** As {@link #recordAttempt(String, long, Attempt, boolean)}, with the attributes user code set on the attempt's span. */
    public CompletableFuture<Void> recordAttempt(String runId, long epoch, Attempt attempt, boolean suspend,
                                                 Map<String, String> spanAttributes) {
        return store.recordAttempt(runId, epoch, attempt, suspend).thenRun(() -> {
            tell(l -> l.attemptFailed(runId, attempt, spanAttributes));
            if (suspend) {
                scheduled(attempt.retryAtMs());
            }
            changed(runId);
        });
    }

    public List<Attempt> attempts(String runId) {
        run(runId);
        return store.attempts(runId);
    }

    @Override
    public void close() {
        Membership joined = membership;
        if (joined != null) {
            joined.close();
        }
        timers.close();
        Retention deleting = retention;
        if (deleting != null) {
            deleting.close();
        }
    }

    public RunRecord run(String runId) {
        return store.run(runId).orElseThrow(() -> new RunNotFoundException(runId));
    }

    public List<JournalEntry> journal(String runId) {
        run(runId);
        return store.journal(runId);
    }

    /** A page of a dispatched run's journal after {@code afterPosition}, as large as a dispatch's first one. */
    public dev.mainstay.store.JournalPage journalPage(String runId, int afterPosition) {
        return store.journalPage(runId, afterPosition, Claim.PAGE_ENTRIES, Claim.PAGE_BYTES);
    }

    /** The run's last journal entry (what it did or asked last). */
    public Optional<JournalEntry> lastEntry(String runId) {
        return store.lastEntry(runId);
    }

    public RunPage runs(RunQuery query) {
        return store.runs(query);
    }

    /** Runs created since {@code sinceMs} by status, and their step durations; of one namespace's prefix, or all (null). */
    public dev.mainstay.store.RunStats stats(long sinceMs, String componentPrefix) {
        return store.stats(sinceMs, componentPrefix);
    }

    /** PENDING runs of {@code components} in the store, oldest first (what this node's workers may take). */
    public List<dev.mainstay.store.ReadyRun> pendingRuns(java.util.Set<String> components, int limit) {
        return store.pendingRuns(components, limit);
    }

    /** As {@link #pendingRuns(java.util.Set, int)}, of runs not pinned or pinned to one of {@code builds}. */
    public List<dev.mainstay.store.ReadyRun> pendingRuns(java.util.Set<String> components, java.util.Set<String> builds,
                                                         int limit) {
        return store.pendingRuns(components, builds, limit);
    }

    /** Which of {@code runIds} are RUNNING with a cancel requested, as the store says. */
    public java.util.Set<String> cancelRequested(Collection<String> runIds) {
        return store.cancelRequested(runIds);
    }

    /** Which of {@code runIds} are RUNNING and paused, as the store says (their holders must give them back). */
    public java.util.Set<String> pauseRequested(Collection<String> runIds) {
        return store.pauseRequested(runIds);
    }

    /** PENDING runs by component, on every node. */
    public Map<String, Integer> pendingCounts() {
        return store.pendingCounts();
    }

    public Optional<ComponentRecord> component(String name) {
        return components.get(name);
    }

    /** Completes when the run has its final outcome (at once if it already has). */
    public CompletableFuture<RunRecord> whenFinished(String runId) {
        return finishWaiters.whenFinished(runId).orElseThrow(() -> new RunNotFoundException(runId));
    }

    public CompletableFuture<Void> registerComponents(Collection<ComponentRecord> registered) {
        // once committed: a read that overlaps the commit is not kept (KnownComponents)
        return store.registerComponents(registered).whenComplete((ok, error) -> components.changed());
    }

    // ---- builds (docs/architecture.md, "Builds") ----

    /** A worker of {@code buildId} registered {@code components}: a build's first registration makes it current. */
    public CompletableFuture<Void> registerBuild(Collection<String> components, String buildId) {
        return store.registerBuild(components, buildId);
    }

    /** The builds of {@code component}, newest first, with their runs. */
    public List<dev.mainstay.store.BuildRecord> builds(String component) {
        return store.builds(component);
    }

    /** The build {@code runId} is pinned to, if it was claimed by a worker with one. */
    public Optional<String> runBuild(String runId) {
        return store.runBuild(runId);
    }

    /** The build whose workers may claim {@code runId} next (pinned, or current); empty when any may. */
    public Optional<String> neededBuild(String runId) {
        return store.neededBuild(runId);
    }

    /**
     * Makes {@code buildId} current for {@code component}; false when no worker of it registered the
     * component. The runs that wait go where they now belong: every node looks in the store again.
     */
    public CompletableFuture<Boolean> promoteBuild(String component, String buildId) {
        return store.promoteBuild(component, buildId).thenApply(done -> {
            if (done) {
                buildChanged(component);
            }
            return done;
        });
    }

    /** Makes the build current before the present one current again (empty: there is none). */
    public CompletableFuture<Optional<String>> rollbackBuild(String component) {
        return store.rollbackBuild(component).thenApply(build -> {
            build.ifPresent(b -> buildChanged(component));
            return build;
        });
    }

    /**
     * A run of {@code component} waits for a worker of a build no session of this node has: the
     * other nodes look in the store for it (their sessions of that build take it).
     */
    public void wantedElsewhere(String component) {
        peers.tell(dev.mainstay.store.Signal.Kind.WORK, component);
    }

    private void buildChanged(String component) {
        readyRuns.scan(java.util.Set.of(component));
        peers.tell(dev.mainstay.store.Signal.Kind.WORK, component);
    }

    public CompletableFuture<Optional<Claim>> claim(String runId, String workerId) {
        return claim(runId, workerId, null);
    }

    /** Claims for a worker of {@code buildId}: refused with {@code WrongBuildException} for a run another build must take. */
    public CompletableFuture<Optional<Claim>> claim(String runId, String workerId, String buildId) {
        return store.claim(runId, workerId, buildId).thenApply(claim -> {
            claim.ifPresent(c -> tell(l -> l.claimed(c.run(), c.epoch(), workerId)));
            changed(runId);
            return claim;
        });
    }

    public CompletableFuture<Void> append(String runId, long epoch, JournalEntry entry) {
        return append(runId, epoch, entry, Map.of());
    }

    /** Appends an entry; {@code spanAttributes} (set by user code on the operation's span) go to the listeners. */
    public CompletableFuture<Void> append(String runId, long epoch, JournalEntry entry, Map<String, String> spanAttributes) {
        return store.append(runId, epoch, entry).thenRun(() -> {
            changed(runId);
            tell(l -> l.appended(runId, entry, spanAttributes));
        });
    }

    /** The webhooks that start runs (see {@link Webhooks}). */
    public Webhooks webhooks() {
        return webhooks;
    }

    /** Live followers of runs; signalled after each commit that changes one. */
    public RunWatchers watchers() {
        return watchers;
    }

    /** Delivers an event to a run's inbox; a run waiting for it becomes PENDING and goes to dispatch. */
    public Delivery deliverEvent(String runId, String name, String eventId, byte[] payload, String sentBy) {
        RunRecord run = run(runId);
        Delivery delivery = join(store.deliverEvent(runId, name, eventId, payload, sentBy, clock.millis()));
        changed(runId);
        if (delivery.woke()) {
            ready(runId, delivery.component(), run.priority());
        }
        return delivery;
    }

    /** A wait for an event at the run's next position: the event (or timeout) journaled, or the run suspended. */
    public CompletableFuture<EventWait> awaitEvent(String runId, long epoch, int position, String name, long timeoutMs) {
        long now = clock.millis();
        return store.awaitEvent(runId, epoch, position, name, timeoutMs, now).thenApply(wait -> {
            if (wait.suspended()) {
                scheduled(wait.wakeAtMs());
                tell(l -> l.waiting(runId, position, name, now));
            } else {
                JournalEntry entry = new JournalEntry(position, "event", name, true, null, wait.output(), null, 1, now, now);
                tell(l -> l.appended(runId, entry, Map.of()));
            }
            changed(runId);
            return wait;
        });
    }

    /** Appends a durable sleep's entry and suspends the run until {@code wakeAtMs}, when the timers wake it. */
    public CompletableFuture<Void> appendAndSuspend(String runId, long epoch, JournalEntry entry, long wakeAtMs) {
        return store.appendAndSuspend(runId, epoch, entry, wakeAtMs).thenRun(() -> {
            scheduled(wakeAtMs);
            tell(l -> l.appended(runId, entry, Map.of()));
            changed(runId);
        });
    }

    /** Records the outcome under fencing, then wakes whoever waits for it. */
    public CompletableFuture<RunRecord> finish(String runId, long epoch, byte[] output, Failure failure) {
        return finish(runId, epoch, output, failure, Map.of());
    }

    /** As {@link #finish(String, long, byte[], Failure)}; {@code spanAttributes} (set by the workflow body) go to the listeners. */
    public CompletableFuture<RunRecord> finish(String runId, long epoch, byte[] output, Failure failure,
                                               Map<String, String> spanAttributes) {
        return store.finish(runId, epoch, output, failure).thenApply(run -> {
            finished(run, spanAttributes);
            return run;
        });
    }

    private void finished(RunRecord run) {
        finished(run, Map.of());
    }

    /** The run's deadline passed: it failed, and whoever held it holds it no longer. */
    private void expired(RunRecord run) {
        finished(run);
        readyRuns.taken(run.id());
        peers.tell(dev.mainstay.store.Signal.Kind.TAKEN, run.id());
    }

    private void finished(RunRecord run, Map<String, String> spanAttributes) {
        tell(l -> l.finished(run, spanAttributes));
        log.debug("event=run_finished runId={} status={}", run.id(), run.status());
        watchers.changed(run.id());
        // whoever waits for the outcome on another node reads it: waits are not announced, ends always are
        peers.tell(dev.mainstay.store.Signal.Kind.CHANGED, run.id());
        watchers.ended(run.id());
        readyRuns.ended(run.component());
        peers.tell(dev.mainstay.store.Signal.Kind.ENDED, run.component());
        finishWaiters.complete(run);
    }

    /**
     * A step attempt overran its timeout: the run leaves its holder (fencing refuses the late result)
     * and either waits for the retry on a durable timer, or, after the last attempt, is dispatched
     * again with the step journaled as FAILED. Completes with whether it applied (the step may have
     * finished in time after all).
     */
    public CompletableFuture<Boolean> stepTimedOut(RunRecord run, long epoch, Attempt attempt, boolean finalAttempt) {
        String runId = run.id();
        return store.timeoutStep(runId, epoch, attempt, finalAttempt).thenApply(applied -> {
            if (applied) {
                log.info("event=step_timed_out runId={} position={} attempt={} final={}", runId, attempt.position(),
                        attempt.attempt(), finalAttempt);
                if (finalAttempt) {
                    tell(l -> l.appended(runId, new JournalEntry(attempt.position(), attempt.kind(), attempt.name(), false,
                            null, null, attempt.failure(), attempt.attempt(), attempt.startedAtMs(), attempt.finishedAtMs()),
                            Map.of()));
                    ready(run);
                } else {
                    tell(l -> l.attemptFailed(runId, attempt, Map.of()));
                    scheduled(attempt.retryAtMs());
                }
            }
            return applied;
        });
    }

    /**
     * The holder of {@code epoch} gives the run back until {@code wakeAtMs} (it met a replayed wait
     * with time left): SUSPENDED until the timers wake it. Completes with whether it applied.
     */
    public CompletableFuture<Boolean> releaseUntil(String runId, long epoch, long wakeAtMs) {
        return store.releaseUntil(runId, epoch, wakeAtMs).whenComplete((released, error) -> {
            if (error != null) {
                log.warn("event=release_failed runId={} error={}", runId, error.toString());
            } else if (released) {
                tell(l -> l.released(runId, epoch));
                scheduled(wakeAtMs);
                changed(runId);
            }
        });
    }

    /**
     * The holder of {@code epoch} went away: mark the run PENDING and hand it to dispatch again.
     * Nothing happens when the epoch already moved on (someone else holds or finished the run).
     */
    public CompletableFuture<Boolean> release(String runId, String component, int priority, long epoch) {
        return store.release(runId, epoch).whenComplete((released, error) -> {
            if (error != null) {
                log.warn("event=release_failed runId={} error={}", runId, error.toString());
            } else if (released) {
                tell(l -> l.released(runId, epoch));
                ready(runId, component, priority);
            }
        });
    }

    /** How long a caller waits for a commit before it is told the store is unavailable. */
    static final long COMMIT_WAIT_MS = 30_000;

    /** Waits for a write's commit, at most {@link #COMMIT_WAIT_MS}: nothing waits forever on the writer. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(COMMIT_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("the write failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw dev.mainstay.store.StoreUnavailableException.timedOut(COMMIT_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a commit", e);
        }
    }

    /** Why the store cannot commit right now, if it cannot (readiness reports it). */
    public Optional<String> storeProblem() {
        return store.problem();
    }
}
