package dev.mainstay.coordinator;

import com.google.protobuf.ByteString;
import dev.mainstay.engine.Engine;
import dev.mainstay.engine.Namespaces;
import dev.mainstay.engine.WorkerInfo;
import dev.mainstay.engine.auth.Principal;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;
import dev.mainstay.protocol.RateLimit;
import dev.mainstay.protocol.v1.Ack;
import dev.mainstay.protocol.v1.Append;
import dev.mainstay.protocol.v1.AttemptFailed;
import dev.mainstay.protocol.v1.AwaitEvent;
import dev.mainstay.protocol.v1.Complete;
import dev.mainstay.protocol.v1.Component;
import dev.mainstay.protocol.v1.Progress;
import dev.mainstay.protocol.v1.Register;
import dev.mainstay.protocol.v1.Registered;
import dev.mainstay.protocol.v1.RuntimeMessage;
import dev.mainstay.protocol.v1.StartChild;
import dev.mainstay.protocol.v1.StepStarted;
import dev.mainstay.protocol.v1.WorkerMessage;
import dev.mainstay.store.ComponentRecord;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected worker: the runtime's end of its stream. Holds what the worker registered, the
 * runs it holds (with the epoch of each), and serialises everything sent to it (a gRPC stream
 * observer is not thread-safe, and acks come from store completions on many threads).
 *
 * <p>Why it is long: every message of the worker protocol is fenced against the runs this stream
 * holds, and that table ({@code held}) is what all of them read and change under one lock; the
 * shape checks ({@link Checks}), the messages ({@link Messages}) and the step timeouts ({@link StepTimeouts}) live apart.
 *
 * <p><b>Fencing by stream.</b> The store fences writes by epoch, but epochs are public (every run
 * view shows one), so an epoch alone proves nothing about the sender. The session therefore refuses
 * every message about a run unless this stream holds that run under that epoch right now (it was
 * dispatched here and has not left): requests get an {@code Ack} with {@code STALE_EPOCH} and never
 * reach the engine; unacknowledged messages (step deadlines, progress) are dropped. A worker can
 * only ever write to the runs dispatched to its own stream. A run being released still counts
 * against the slot, but its writes are refused from the moment the {@code Release} arrived.
 *
 * <p><b>Payloads.</b> The store keeps payloads verbatim and the API serves them raw, so every
 * payload is checked here to be one JSON value within the payload limit ({@link JsonPayloads}).
 *
 * <p>Why this file is long (~680 lines): it handles every message kind, and each handler must run
 * the same fence against the same map of held runs under the same lock; spreading the handlers
 * over classes would spread that invariant. Registration (its checks and schedule declaration) is
 * the part that could move out next.
 */
final class WorkerSession implements StreamObserver<WorkerMessage> {
    private static final Logger log = LoggerFactory.getLogger(WorkerSession.class);

    /** A run this stream holds: its epoch (0 while the claim is in flight), component, and whether it is being released. */
    record Held(long epoch, String component, int priority, boolean releasing) {}

    /** What every session of a runtime shares. */
    record Settings(long heartbeatIntervalMs, int maxPayloadBytes, RetryDefaults retryDefaults, WorkerLimits limits,
                    JsonPayloads json) {}

    private final String sessionId = UUID.randomUUID().toString();
    private final StreamObserver<RuntimeMessage> out;
    private final Engine engine;
    private final Dispatcher dispatcher;
    private final Settings settings;
    private final StepTimeouts timeouts;
    /** Who opened the stream: its token decides the namespaces the worker may register in. */
    private final Principal principal;
    /** The namespace of the registration; component names are qualified with it (see {@link Namespaces}). */
    private volatile String namespace;
    /** The build of the worker's code ({@code Register.build_id}); set once at registration, then read by dispatch. */
    private volatile String build = UNVERSIONED;

    /** The build of a worker that names none. */
    static final String UNVERSIONED = "unversioned";

    // Guarded by this.
    private final Map<String, Held> held = new HashMap<>();
    /** Cancels requested while a claim was in flight (epoch 0 here): the run's Dispatch carries them. */
    private final Map<String, Long> cancelsInFlight = new HashMap<>();
    /** Pauses of runs whose claim was in flight (epoch 0 here): the run's Dispatch carries them. */
    private final Map<String, Long> pausesInFlight = new HashMap<>();
    private String workerId;
    private int capacity;
    /** The components as registered, in registration order (the round-robin order of dispatch). */
    private Map<String, Component> definitions = Map.of();
    private List<String> order = List.of();
    private int turn;
    private boolean open = true;
    /** The response side was ended (completed or failed): nothing more may be sent on it. */
    private boolean responseEnded;
    private boolean draining;
    private volatile long lastHeartbeatMs = System.currentTimeMillis();

    WorkerSession(StreamObserver<RuntimeMessage> out, Engine engine, Dispatcher dispatcher, Settings settings,
                  StepTimeouts timeouts, Principal principal) {
        this.principal = principal;
        this.out = out;
        this.engine = engine;
        this.dispatcher = dispatcher;
        this.settings = settings;
        this.timeouts = timeouts;
    }

    @Override
    public void onNext(WorkerMessage message) {
        lastHeartbeatMs = System.currentTimeMillis();
        if (!message.hasRegister() && !isRegistered()) {
            fail(Status.FAILED_PRECONDITION.withDescription("the first message on the stream must be Register, not "
                    + message.getKindCase()));
            return;
        }
        try {
            switch (message.getKindCase()) {
                case REGISTER -> register(message.getRegister());
                case HEARTBEAT -> { }
                case APPEND -> append(message.getAppend());
                case COMPLETE -> complete(message.getComplete());
                case ATTEMPT_FAILED -> attemptFailed(message.getAttemptFailed());
                case STEP_STARTED -> stepStarted(message.getStepStarted());
                case STEP_HEARTBEAT -> {
                    var beat = message.getStepHeartbeat();
                    if (holds(beat.getRunId(), beat.getEpoch())) {
                        timeouts.heartbeat(beat.getRunId(), beat.getEpoch(), beat.getPosition());
                    }
                }
                case DRAIN -> drain();
                case RELEASE -> release(message.getRelease().getRunId(), message.getRelease().getEpoch(),
                    message.getRelease().getSuspendUntilMs());
                case AWAIT_EVENT -> awaitEvent(message.getAwaitEvent());
                case START_CHILD -> startChild(message.getStartChild());
                case PROGRESS -> progress(message.getProgress());
                case FETCH_JOURNAL -> fetchJournal(message.getFetchJournal());
                case KIND_NOT_SET -> log.warn("event=empty_message workerId={} sessionId={}", workerId, sessionId);
            }
        } catch (RuntimeException e) {
            // a bug here must not end the transport thread's work for every other stream
            log.error("event=message_failed workerId={} kind={} error={}", workerId, message.getKindCase(), e.toString(), e);
        }
    }

    // ---- registration ----

    private void register(Register asked) {
        String ns = asked.getNamespace().isEmpty() ? principal.namespace() : asked.getNamespace();
        if (!Namespaces.valid(ns)) {
            fail(Status.INVALID_ARGUMENT.withDescription(ErrorCode.INVALID_ARGUMENT.name() + ": namespace was '"
                    + (ns.length() > 80 ? ns.substring(0, 80) + "..." : ns) + "'; use 1 to 63 lowercase letters, digits, '.', '_' or '-'"));
            return;
        }
        if (!principal.sees(ns)) {
            log.warn("event=register_refused tokenId={} namespace={} reason=foreign_namespace", principal.tokenId(), ns);
            fail(Status.PERMISSION_DENIED.withDescription(ErrorCode.FORBIDDEN.name() + ": token " + principal.tokenId()
                    + " belongs to namespace '" + principal.namespace() + "' and may not register in '" + ns
                    + "'; use a worker token of that namespace"));
            return;
        }
        namespace = ns;
        Register register = qualified(asked, ns);
        synchronized (this) {
            if (workerId != null) {
                log.warn("event=register_twice workerId={}", workerId);
                return;
            }
            workerId = register.getWorkerId().isBlank() ? sessionId : register.getWorkerId();
            build = register.getBuildId().isBlank() ? UNVERSIONED : register.getBuildId();
            capacity = Math.max(1, register.getCapacity());
            Map<String, Component> byName = new LinkedHashMap<>();
            register.getComponentsList().forEach(c -> byName.putIfAbsent(c.getName(), c));
            definitions = byName;
            order = List.copyOf(byName.keySet());
        }
        String invalid = invalidRegistration(register);
        if (invalid != null) {
            log.warn("event=register_refused workerId={} reason={}", workerId, invalid);
            fail(Status.INVALID_ARGUMENT.withDescription(ErrorCode.INVALID_ARGUMENT.name() + ": " + invalid));
            return;
        }
        String conflict = dispatcher.admit(this);
        if (conflict != null) {
            log.warn("event=register_refused workerId={} reason={}", workerId, conflict);
            fail(Status.FAILED_PRECONDITION.withDescription(ErrorCode.REGISTRATION_CONFLICT.name() + ": " + conflict));
            return;
        }
        if (register.getRedactedFieldsCount() > 0) {
            dispatcher.telemetry().redactedFields(register.getRedactedFieldsList());
        }
        List<ComponentRecord> records = register.getComponentsList().stream()
                .map(c -> new ComponentRecord(c.getName(), Messages.kind(c.getKind()),
                        c.getInputSchema().isBlank() ? null : c.getInputSchema(),
                        c.getRunTimeoutMs() > 0 ? c.getRunTimeoutMs() : null,
                        c.getMaxConcurrency() > 0 ? c.getMaxConcurrency() : null,
                        c.getConcurrencyKey().isBlank() ? null : c.getConcurrencyKey(), Messages.upgrade(c.getUpgrade()))
                        .withRateLimit(c.getRateLimit().isBlank() ? null : RateLimit.parse(c.getRateLimit()),
                                c.getRateKey().isBlank() ? null : c.getRateKey())
                        .withQueue(c.getQueue().isBlank() ? null : c.getQueue()))
                .toList();
        engine.registerComponents(records).thenCompose(ok -> engine.registerBuild(order(), build)).whenComplete((ok, error) -> {
            if (error != null) {
                log.error("event=register_failed workerId={} error={}", workerId, error.toString());
                fail(Status.UNAVAILABLE.withDescription("registration could not be stored: " + error.getMessage()));
                return;
            }
            log.info("event=worker_registered workerId={} build={} capacity={} components={}", workerId, build, capacity,
                    order);
            Thread.ofVirtual().start(() -> declareSchedules(register)); // off the writer thread: it writes and waits
            send(RuntimeMessage.newBuilder().setRegistered(Registered.newBuilder()
                    .setSessionId(sessionId).setHeartbeatIntervalMs(settings.heartbeatIntervalMs())
                    .setMaxPayloadBytes(settings.maxPayloadBytes()).setTestClock(engine.clock().skips())).build());
            dispatcher.opened(this);
        });
    }

    /** {@code register} with every component's name qualified by {@code namespace}: the names the runtime keeps. */
    private static Register qualified(Register register, String namespace) {
        Register.Builder builder = register.toBuilder();
        for (int i = 0; i < builder.getComponentsCount(); i++) {
            Component c = builder.getComponents(i);
            Component.Builder qualified = c.toBuilder().setName(Namespaces.qualify(namespace, c.getName()));
            if (!c.getQueue().isEmpty()) {
                qualified.setQueue(Namespaces.qualify(namespace, c.getQueue())); // a queue is shared within its namespace only
            }
            builder.setComponents(i, qualified);
        }
        return builder.build();
    }

    /** What makes a registration unusable whoever else is connected; null when it is fine. */
    private String invalidRegistration(Register register) {
        int max = settings.limits().maxCapacity();
        if (register.getBuildId().length() > 128) {
            return "build_id is " + register.getBuildId().length() + " characters long; use at most 128";
        }
        if (register.getCapacity() > max) {
            return "capacity " + register.getCapacity() + " is over the runtime's limit of " + max
                    + " runs per worker (--max-worker-capacity); register at most " + max;
        }
        Set<String> seen = new java.util.HashSet<>();
        for (Component c : register.getComponentsList()) {
            if (Namespaces.local(c.getName()).isBlank()) {
                return "a component has a blank name; give every workflow and function a name";
            }
            if (!seen.add(c.getName())) {
                return "component '" + Namespaces.local(c.getName()) + "' is registered twice; register each name once";
            }
            String queueProblem = Queues.problem(c, register.getComponentsList());
            if (queueProblem != null) {
                return queueProblem;
            }
            if (!c.getRateLimit().isBlank()) {
                try {
                    RateLimit.parse(c.getRateLimit());
                } catch (IllegalArgumentException e) {
                    return "the rate limit of '" + Namespaces.local(c.getName()) + "' is refused: " + e.getMessage();
                }
            }
            if (!c.getInputSchema().isBlank()) {
                String problem = settings.json().problem(ByteString.copyFromUtf8(c.getInputSchema()));
                if (problem != null) {
                    return "the input schema of '" + Namespaces.local(c.getName()) + "' is not JSON: " + problem;
                }
            }
        }
        return null;
    }

    private void declareSchedules(Register register) {
        Map<String, dev.mainstay.engine.ScheduleDefinition> declared = new HashMap<>();
        List<String> workflows = new java.util.ArrayList<>();
        for (var c : register.getComponentsList()) {
            if (c.getKind() != dev.mainstay.protocol.v1.ComponentKind.WORKFLOW) {
                continue;
            }
            workflows.add(c.getName());
            if (c.hasSchedule()) {
                var s = c.getSchedule();
                declared.put(c.getName(), new dev.mainstay.engine.ScheduleDefinition(null, c.getName(),
                        s.getCron(), s.getEveryMs() > 0 ? s.getEveryMs() : null, s.getTimeZone(), null,
                        dev.mainstay.engine.ScheduleDefinition.Misfire.parse(s.getMisfire().isBlank() ? "SKIP" : s.getMisfire())));
            }
        }
        try {
            engine.scheduleRegistry().declare(workflows, declared);
        } catch (RuntimeException e) {
            log.error("event=schedule_declaration_refused workerId={} error={}", workerId, e.getMessage());
        }
    }

    /** The stream never sent Register in time: end it (a connection that holds resources and says nothing). */
    void registrationTimedOut(long timeoutMs) {
        if (isRegistered() || !isOpen()) {
            return;
        }
        log.warn("event=register_timeout sessionId={} timeout_ms={}", sessionId, timeoutMs);
        fail(Status.DEADLINE_EXCEEDED.withDescription("no Register within " + timeoutMs
                + " ms of connecting (--register-timeout-ms); send Register first"));
    }

    // ---- requests about runs: fenced to this stream first, then checked, then written ----

    private void append(Append append) {
        String runId = append.getRunId();
        long epoch = append.getEpoch();
        var entry = append.getEntry();
        int position = entry.getPosition();
        if (!fenced(runId, epoch, position)) {
            return;
        }
        int size = entry.getOutput().size() + entry.getInput().size();
        if (size > settings.maxPayloadBytes()) {
            ack(runId, epoch, position, new PayloadRefused(size, settings.maxPayloadBytes()));
            return;
        }
        MainstayException invalid = Checks.entry(settings.json(), runId, entry);
        if (invalid != null) {
            ack(runId, epoch, position, invalid);
            return;
        }
        timeouts.settled(runId, epoch, position);
        if (append.getSuspendUntilMs() > 0) {
            engine.appendAndSuspend(runId, epoch, Messages.entry(entry), append.getSuspendUntilMs())
                    .whenComplete((ok, error) -> {
                        ack(runId, epoch, position, error);
                        if (error == null) {
                            dispatcher.done(this, runId, epoch);
                        }
                    });
            return;
        }
        engine.append(runId, epoch, Messages.entry(entry), append.getSpanAttributesMap())
                .whenComplete((ok, error) -> ack(runId, epoch, position, error));
    }

    private void attemptFailed(AttemptFailed failed) {
        String runId = failed.getRunId();
        long epoch = failed.getEpoch();
        if (!fenced(runId, epoch, failed.getPosition())) {
            return;
        }
        if (failed.getSuspend() && failed.getRetryAtMs() <= 0) {
            ack(runId, epoch, failed.getPosition(), new OutcomeMissing(runId, "a suspending attempt without retry_at_ms"));
            return;
        }
        var attempt = new dev.mainstay.store.Attempt(failed.getPosition(), failed.getAttempt(), failed.getKind(),
                failed.getName(), Messages.failure(failed.getFailure()), failed.getStartedAtMs(), failed.getFinishedAtMs(),
                failed.getRetryAtMs() == 0 ? null : failed.getRetryAtMs());
        timeouts.settled(runId, epoch, failed.getPosition());
        engine.recordAttempt(runId, epoch, attempt, failed.getSuspend(), failed.getSpanAttributesMap()).whenComplete((ok, error) -> {
            ack(runId, epoch, failed.getPosition(), error);
            if (error == null && failed.getSuspend()) {
                dispatcher.done(this, runId, epoch);
            }
        });
    }

    private void stepStarted(StepStarted step) {
        // a deadline takes the run when it passes: only the holder may set one
        if (holds(step.getRunId(), step.getEpoch()) && step.getTimeoutMs() > 0) {
            timeouts.started(this, step);
        } else {
            log.debug("event=step_started_dropped workerId={} runId={} epoch={}", workerId, step.getRunId(), step.getEpoch());
        }
    }

    private void awaitEvent(AwaitEvent wait) {
        String runId = wait.getRunId();
        long epoch = wait.getEpoch();
        if (!fenced(runId, epoch, wait.getPosition())) {
            return;
        }
        if (wait.getName().isBlank() || wait.getTimeoutMs() < 0) {
            ack(runId, epoch, wait.getPosition(), new OutcomeMissing(runId, "a wait with name '" + wait.getName()
                    + "' and timeout_ms " + wait.getTimeoutMs() + " (a name and a timeout >= 0 are needed)"));
            return;
        }
        engine.awaitEvent(runId, epoch, wait.getPosition(), wait.getName(), wait.getTimeoutMs()).whenComplete((found, error) -> {
            if (error != null) {
                ack(runId, epoch, wait.getPosition(), error);
                return;
            }
            Ack.Builder ack = Ack.newBuilder().setRunId(runId).setEpoch(epoch).setPosition(wait.getPosition()).setOk(true)
                    .setSuspended(found.suspended());
            if (!found.suspended()) {
                ack.setResult(ByteString.copyFrom(found.output()));
            }
            send(RuntimeMessage.newBuilder().setAck(ack).build());
            if (found.suspended()) {
                dispatcher.done(this, runId, epoch);
            }
        });
    }

    private void startChild(StartChild start) {
        String runId = start.getRunId();
        long epoch = start.getEpoch();
        if (!fenced(runId, epoch, start.getPosition())) {
            return;
        }
        if (start.getInput().size() > settings.maxPayloadBytes()) {
            ack(runId, epoch, start.getPosition(), new PayloadRefused(start.getInput().size(), settings.maxPayloadBytes()));
            return;
        }
        MainstayException invalid = Checks.json(settings.json(), runId, "the child's input", start.getInput());
        if (invalid != null) {
            ack(runId, epoch, start.getPosition(), invalid);
            return;
        }
        // off the transport thread: finding the component reads the store
        Thread.ofVirtual().start(() -> {
            try {
                engine.startChild(runId, epoch, start.getPosition(), Namespaces.qualify(namespace, start.getComponent()),
                        start.getInput().toByteArray(),
                        start.getDetached()).whenComplete((output, error) -> {
                            if (error != null) {
                                ack(runId, epoch, start.getPosition(), error);
                                return;
                            }
                            send(RuntimeMessage.newBuilder().setAck(Ack.newBuilder().setRunId(runId).setEpoch(epoch)
                                    .setPosition(start.getPosition()).setOk(true)
                                    .setResult(ByteString.copyFrom(output))).build());
                        });
            } catch (RuntimeException e) {
                ack(runId, epoch, start.getPosition(), e);
            }
        });
    }

    /** Live progress goes to the run's watchers, unless it comes from a dispatch that is not this stream's. */
    private void progress(Progress progress) {
        if (!holds(progress.getRunId(), progress.getEpoch())
                || progress.getOutput().length() > settings.maxPayloadBytes()) {
            return;
        }
        var event = Messages.live(progress);
        if (event != null) {
            engine.watchers().live(progress.getRunId(), event);
        }
    }

    /** The next page of a held run's journal, read off the transport thread (and off the writer). */
    private void fetchJournal(dev.mainstay.protocol.v1.FetchJournal fetch) {
        String runId = fetch.getRunId();
        long epoch = fetch.getEpoch();
        var page = dev.mainstay.protocol.v1.JournalPage.newBuilder().setRunId(runId).setEpoch(epoch);
        if (!holds(runId, epoch)) {
            send(RuntimeMessage.newBuilder().setJournalPage(page.setLast(true)
                    .setErrorCode(dev.mainstay.protocol.ErrorCode.STALE_EPOCH.name())
                    .setErrorMessage("this stream does not hold run " + runId + " under epoch " + epoch)).build());
            return;
        }
        Thread.ofVirtual().start(() -> {
            try {
                var entries = engine.journalPage(runId, fetch.getAfterPosition());
                entries.entries().forEach(e -> page.addEntries(Messages.entry(e)));
                send(RuntimeMessage.newBuilder().setJournalPage(page.setLast(!entries.more())).build());
            } catch (RuntimeException e) {
                send(RuntimeMessage.newBuilder().setJournalPage(page.setLast(true)
                        .setErrorCode(dev.mainstay.protocol.ErrorCode.INTERNAL.name())
                        .setErrorMessage("cannot read the journal of run " + runId + ": " + e.getMessage())).build());
            }
        });
    }

    private void drain() {
        synchronized (this) {
            draining = true;
        }
        log.info("event=worker_draining workerId={}", workerId);
    }

    /**
     * The worker gave the run back: another worker replays it at once, or, with {@code suspendUntilMs}
     * (a replayed wait with time left), it is SUSPENDED until then. From now on the run's writes from
     * this stream are refused; its slot is freed, and the ack sent, once the release is committed.
     */
    private void release(String runId, long epoch, long suspendUntilMs) {
        Held run;
        synchronized (this) {
            run = held.get(runId);
            if (run != null && run.epoch() == epoch && epoch > 0 && !run.releasing()) {
                held.put(runId, new Held(epoch, run.component(), run.priority(), true));
            } else {
                run = null;
            }
        }
        if (run == null) {
            refuseStale(runId, epoch, 0);
            return;
        }
        var released = suspendUntilMs > 0 ? engine.releaseUntil(runId, epoch, suspendUntilMs)
                : engine.release(runId, run.component(), run.priority(), epoch);
        released.whenComplete((applied, error) -> {
            dispatcher.done(this, runId, epoch);
            ack(runId, epoch, 0, error);
        });
    }

    private void complete(Complete complete) {
        String runId = complete.getRunId();
        long epoch = complete.getEpoch();
        if (!fenced(runId, epoch, 0)) {
            return;
        }
        byte[] output = complete.hasFailure() ? null : complete.getOutput().toByteArray();
        if (output != null && output.length == 0) {
            ack(runId, epoch, 0, new OutcomeMissing(runId));
            return;
        }
        if (output != null && output.length > settings.maxPayloadBytes()) {
            ack(runId, epoch, 0, new PayloadRefused(output.length, settings.maxPayloadBytes()));
            return;
        }
        MainstayException invalid = output != null ? Checks.json(settings.json(), runId, "the run's output", complete.getOutput())
                : Checks.failure(runId, complete.getFailure());
        if (invalid != null) {
            ack(runId, epoch, 0, invalid);
            return;
        }
        var failure = complete.hasFailure() ? Messages.failure(complete.getFailure()) : null;
        engine.finish(runId, epoch, output, failure, complete.getSpanAttributesMap()).whenComplete((run, error) -> {
            ack(runId, epoch, 0, error);
            if (error == null) {
                dispatcher.done(this, runId, epoch);
            }
            // on a refusal the slot stays held: a fenced one is freed by ack(), any other keeps the
            // run with this session, and the session's end releases it for another dispatch
        });
    }

    /** True when this stream holds the run under the epoch; otherwise answers STALE_EPOCH at once. */
    private boolean fenced(String runId, long epoch, int position) {
        if (holds(runId, epoch)) {
            return true;
        }
        refuseStale(runId, epoch, position);
        return false;
    }

    private void refuseStale(String runId, long epoch, int position) {
        log.debug("event=not_held workerId={} runId={} epoch={}", workerId, runId, epoch);
        send(RuntimeMessage.newBuilder().setAck(Ack.newBuilder().setRunId(runId).setEpoch(epoch).setPosition(position)
                .setOk(false).setErrorCode(ErrorCode.STALE_EPOCH.name())
                .setMessage("run " + runId + " is not held by this worker stream under epoch " + epoch
                        + " (not dispatched here, moved on, or released); abandon it, nothing was written")).build());
    }

    private void ack(String runId, long epoch, int position, Throwable error) {
        Ack.Builder ack = Ack.newBuilder().setRunId(runId).setEpoch(epoch).setPosition(position).setOk(error == null);
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            ErrorCode code = cause instanceof MainstayException m ? m.code() : ErrorCode.INTERNAL;
            ack.setErrorCode(code.name()).setMessage(String.valueOf(cause.getMessage()));
            if (code == ErrorCode.STALE_EPOCH || code == ErrorCode.RUN_ALREADY_FINISHED) {
                dispatcher.done(this, runId, epoch);
            }
        }
        send(RuntimeMessage.newBuilder().setAck(ack).build());
    }

    // ---- runtime → worker ----

    /**
     * Sends a claimed run, if its slot is still reserved here (false: the session closed meanwhile).
     * Taking the slot's epoch, reading whether the run is watched, taking a cancel that arrived while
     * the claim was in flight, and sending happen under one lock, so a watcher or a cancel arriving
     * at any moment reaches the worker either in this dispatch or in a message after it.
     */
    synchronized boolean dispatch(dev.mainstay.protocol.v1.Dispatch.Builder dispatch, java.util.function.BooleanSupplier watched) {
        String runId = dispatch.getRunId();
        Held run = held.get(runId);
        if (!open || run == null) {
            return false;
        }
        held.put(runId, new Held(dispatch.getEpoch(), run.component(), run.priority(), false));
        Long cancelled = cancelsInFlight.remove(runId);
        if (cancelled != null && cancelled == dispatch.getEpoch()) {
            dispatch.setCancelRequested(true);
        }
        Long paused = pausesInFlight.remove(runId);
        if (paused != null && paused == dispatch.getEpoch()) {
            dispatch.setPauseRequested(true);
        }
        send(RuntimeMessage.newBuilder().setDispatch(dispatch.setRetryDefaults(settings.retryDefaults().toProto())
                .setWatched(watched.getAsBoolean())).build());
        return true;
    }

    /** Tells the worker a run it holds (dispatched) gained or lost its live watchers; false when it holds no such run. */
    synchronized boolean watch(String runId, boolean watched) {
        Held run = held.get(runId);
        if (!open || run == null || run.epoch() == 0) {
            return false;
        }
        send(RuntimeMessage.newBuilder().setWatch(dev.mainstay.protocol.v1.Watch.newBuilder()
                .setRunId(runId).setEpoch(run.epoch()).setWatched(watched)).build());
        return true;
    }

    /**
     * The run was cancelled under {@code epoch}: tell the worker if it holds the run under it, or
     * remember it if this session's claim of the run is still in flight (its Dispatch then carries
     * it). False when this session has nothing to do with the run.
     */
    synchronized boolean cancel(String runId, long epoch) {
        Held run = held.get(runId);
        if (!open || run == null) {
            return false;
        }
        if (run.epoch() == 0) {
            cancelsInFlight.put(runId, epoch);
            return true;
        }
        if (run.epoch() != epoch) {
            return false;
        }
        send(RuntimeMessage.newBuilder().setCancel(dev.mainstay.protocol.v1.Cancel.newBuilder()
                .setRunId(runId).setEpoch(epoch)).build());
        return true;
    }

    /**
     * The run was paused while held under {@code epoch}: ask the worker to give it back after the
     * operation it is in, or remember it if this session's claim of the run is still in flight (its
     * Dispatch then carries it). False when this session has nothing to do with the run.
     */
    synchronized boolean pause(String runId, long epoch) {
        Held run = held.get(runId);
        if (!open || run == null) {
            return false;
        }
        if (run.epoch() == 0) {
            pausesInFlight.put(runId, epoch);
            return true;
        }
        if (run.epoch() != epoch) {
            return false;
        }
        send(RuntimeMessage.newBuilder().setPause(dev.mainstay.protocol.v1.Pause.newBuilder()
                .setRunId(runId).setEpoch(epoch)).build());
        return true;
    }

    private synchronized void send(RuntimeMessage message) {
        if (!open || responseEnded) {
            return;
        }
        try {
            out.onNext(message);
        } catch (RuntimeException e) {
            log.warn("event=send_failed workerId={} error={}", workerId, e.toString());
        }
    }

    /** The runtime shuts down: end the stream with a status that tells the worker to reconnect later. */
    void runtimeStopping() {
        fail(Status.UNAVAILABLE.withDescription("the runtime is shutting down; reconnect when it is back"));
    }

    /** The lease monitor found this worker silent too long: drop the stream, which releases its runs. */
    void expire(long silentMs, long leaseMs) {
        fail(Status.UNAVAILABLE.withDescription("no heartbeat for " + silentMs + " ms (lease " + leaseMs
                + " ms); the runs of this worker went to others"));
    }

    /** The token this stream opened with was revoked or expired: end the stream (its runs go to others). */
    void tokenEnded(String tokenId) {
        log.info("event=worker_stream_closed workerId={} reason=token_ended tokenId={}", workerId, tokenId);
        fail(Status.UNAUTHENTICATED.withDescription(ErrorCode.UNAUTHENTICATED.name() + ": token " + tokenId
                + " was revoked or has expired; give the worker another token (MAINSTAY_TOKEN)"));
    }

    // ---- end of the stream ----

    @Override
    public void onError(Throwable t) {
        log.info("event=worker_disconnected workerId={} reason={}", workerId, Status.fromThrowable(t).getCode());
        close();
    }

    @Override
    public void onCompleted() {
        log.info("event=worker_disconnected workerId={} reason=closed", workerId);
        endResponse(() -> out.onCompleted());
        close();
    }

    private void fail(Status status) {
        endResponse(() -> out.onError(status.asRuntimeException()));
        close();
    }

    /**
     * Ends the response side once: the worker closing its side and the runtime stopping can race, and
     * a second end throws (which once cut the runtime's shutdown short).
     */
    private synchronized void endResponse(Runnable end) {
        if (responseEnded) {
            return;
        }
        responseEnded = true;
        try {
            end.run();
        } catch (IllegalStateException alreadyClosed) {
            log.debug("event=response_already_closed workerId={}", workerId);
        }
    }

    private void close() {
        Map<String, Held> lost;
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
            lost = Map.copyOf(held);
            held.clear();
            cancelsInFlight.clear();
            pausesInFlight.clear();
        }
        // off the transport thread: releasing writes and may wait
        Thread.ofVirtual().name("session-close").start(() -> dispatcher.closed(this, lost));
    }

    // ---- state used by the dispatcher (under the dispatcher's lock for capacity decisions) ----

    synchronized boolean isOpen() { return open; }

    synchronized boolean isRegistered() { return workerId != null; }

    synchronized boolean serves(String component) { return definitions.containsKey(component); }

    synchronized Map<String, Component> definitions() { return definitions; }

    synchronized List<String> order() { return order; }

    /** The next component in round-robin order to offer a free slot to (advances the turn). */
    synchronized String nextTurn() {
        String component = order.get(turn % order.size());
        turn = (turn + 1) % order.size();
        return component;
    }

    synchronized int freeSlots() { return open && !draining ? capacity - held.size() : 0; }

    /** Reserves a slot for a run about to be claimed (epoch not known yet: 0). */
    synchronized boolean reserve(String runId, String component, int priority) {
        if (!open || draining || held.size() >= capacity || held.containsKey(runId)) {
            return false;
        }
        held.put(runId, new Held(0, component, priority, false));
        return true;
    }

    /** True when the run takes a slot here, under whatever epoch. */
    synchronized boolean holdsRun(String runId) {
        return held.containsKey(runId);
    }

    /** True when this stream holds the run under {@code epoch} (dispatched, not left, not being released). */
    /** The epoch this session holds the run under (0: its claim is in flight), or -1 when it holds it not. */
    synchronized long heldEpoch(String runId) {
        Held run = held.get(runId);
        return open && run != null ? run.epoch() : -1;
    }

    synchronized boolean holds(String runId, long epoch) {
        Held run = held.get(runId);
        return open && run != null && epoch > 0 && run.epoch() == epoch && !run.releasing();
    }

    /** Frees the run's slot if held under {@code epoch} (0: whatever epoch); false when it was not. */
    synchronized boolean releaseSlot(String runId, long epoch) {
        Held run = held.get(runId);
        if (run == null || (epoch != 0 && run.epoch() != epoch)) {
            return false;
        }
        held.remove(runId);
        cancelsInFlight.remove(runId);
        pausesInFlight.remove(runId);
        return true;
    }

    String workerId() { return workerId; }

    /** The build of the worker's code: the runs it may take (see {@link Dispatcher}). */
    String build() { return build; }

    String sessionId() { return sessionId; }

    long lastHeartbeatMs() { return lastHeartbeatMs; }

    synchronized WorkerInfo info() {
        return new WorkerInfo(workerId, sessionId, Set.copyOf(order), capacity, Set.copyOf(held.keySet()), lastHeartbeatMs,
                build);
    }

    /** A malformed message for a run (a Complete with neither output nor failure, say): nothing is recorded. */
    static final class OutcomeMissing extends MainstayException {
        OutcomeMissing(String runId) {
            this(runId, "an outcome with neither output nor failure");
        }

        OutcomeMissing(String runId, String what) {
            super(ErrorCode.INVALID_ARGUMENT, "run " + runId + ": " + what + " was refused; nothing was recorded");
        }
    }

    /** An append or outcome over the payload limit; the run's journal is left as it was. */
    static final class PayloadRefused extends MainstayException {
        PayloadRefused(int size, int limit) {
            super(ErrorCode.PAYLOAD_TOO_LARGE, "payload of " + size + " bytes is over the limit of " + limit
                    + " bytes (--max-payload-bytes); store large data elsewhere and journal a reference");
        }
    }
}
