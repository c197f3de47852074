package dev.mainstay.coordinator;

import dev.mainstay.engine.Engine;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;
import dev.mainstay.protocol.v1.Ack;
import dev.mainstay.protocol.v1.Append;
import dev.mainstay.protocol.v1.Complete;
import dev.mainstay.protocol.v1.Register;
import dev.mainstay.protocol.v1.Registered;
import dev.mainstay.protocol.v1.RuntimeMessage;
import dev.mainstay.protocol.v1.WorkerMessage;
import dev.mainstay.store.ComponentRecord;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.HashMap;
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
 */
final class WorkerSession implements StreamObserver<WorkerMessage> {
    private static final Logger log = LoggerFactory.getLogger(WorkerSession.class);

    private final String sessionId = UUID.randomUUID().toString();
    private final StreamObserver<RuntimeMessage> out;
    private final Engine engine;
    private final Dispatcher dispatcher;
    private final long heartbeatIntervalMs;
    private final int maxPayloadBytes;
    private final RetryDefaults retryDefaults;
    private final StepTimeouts timeouts;

    // Guarded by this.
    private final Map<String, Long> held = new HashMap<>();
    private String workerId;
    private int capacity;
    private Set<String> components = Set.of();
    private boolean open = true;
    /** The response side was ended (completed or failed): nothing more may be sent on it. */
    private boolean responseEnded;
    private boolean draining;
    private volatile long lastHeartbeatMs = System.currentTimeMillis();

    WorkerSession(StreamObserver<RuntimeMessage> out, Engine engine, Dispatcher dispatcher,
                  long heartbeatIntervalMs, int maxPayloadBytes, RetryDefaults retryDefaults, StepTimeouts timeouts) {
        this.out = out;
        this.timeouts = timeouts;
        this.retryDefaults = retryDefaults;
        this.engine = engine;
        this.dispatcher = dispatcher;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void onNext(WorkerMessage message) {
        lastHeartbeatMs = System.currentTimeMillis();
        if (!message.hasRegister() && !isRegistered()) {
            fail(Status.FAILED_PRECONDITION.withDescription("the first message on the stream must be Register"));
            return;
        }
        switch (message.getKindCase()) {
            case REGISTER -> register(message.getRegister());
            case HEARTBEAT -> { }
            case APPEND -> append(message.getAppend());
            case COMPLETE -> complete(message.getComplete());
            case ATTEMPT_FAILED -> attemptFailed(message.getAttemptFailed());
            case STEP_STARTED -> timeouts.started(this, message.getStepStarted());
            case STEP_HEARTBEAT -> timeouts.heartbeat(message.getStepHeartbeat().getRunId(),
                    message.getStepHeartbeat().getEpoch(), message.getStepHeartbeat().getPosition());
            case DRAIN -> drain();
            case RELEASE -> release(message.getRelease().getRunId(), message.getRelease().getEpoch());
            case AWAIT_EVENT -> awaitEvent(message.getAwaitEvent());
            case START_CHILD -> startChild(message.getStartChild());
            case PROGRESS -> progress(message.getProgress());
            case FETCH_JOURNAL -> fetchJournal(message.getFetchJournal());
            case KIND_NOT_SET -> log.warn("event=empty_message sessionId={}", sessionId);
        }
    }

    private void register(Register register) {
        synchronized (this) {
            if (workerId != null) {
                log.warn("event=register_twice workerId={}", workerId);
                return;
            }
            workerId = register.getWorkerId().isBlank() ? sessionId : register.getWorkerId();
            capacity = Math.max(1, register.getCapacity());
            components = Set.copyOf(register.getComponentsList().stream().map(c -> c.getName()).toList());
        }
        if (register.getRedactedFieldsCount() > 0) {
            dispatcher.telemetry().redactedFields(register.getRedactedFieldsList());
        }
        List<ComponentRecord> records = register.getComponentsList().stream()
                .map(c -> new ComponentRecord(c.getName(), Messages.kind(c.getKind()),
                        c.getInputSchema().isBlank() ? null : c.getInputSchema(),
                        c.getRunTimeoutMs() > 0 ? c.getRunTimeoutMs() : null,
                        c.getMaxConcurrency() > 0 ? c.getMaxConcurrency() : null,
                        c.getConcurrencyKey().isBlank() ? null : c.getConcurrencyKey()))
                .toList();
        engine.registerComponents(records).whenComplete((ok, error) -> {
            if (error != null) {
                log.error("event=register_failed workerId={} error={}", workerId, error.toString());
                fail(Status.UNAVAILABLE.withDescription("registration could not be stored: " + error.getMessage()));
                return;
            }
            log.info("event=worker_registered workerId={} capacity={} components={}", workerId, capacity, components);
            Thread.ofVirtual().start(() -> declareSchedules(register)); // off the writer thread: it writes and waits
            send(RuntimeMessage.newBuilder().setRegistered(Registered.newBuilder()
                    .setSessionId(sessionId).setHeartbeatIntervalMs(heartbeatIntervalMs)
                    .setMaxPayloadBytes(maxPayloadBytes)).build());
            dispatcher.opened(this);
        });
    }

    private void declareSchedules(Register register) {
        java.util.Map<String, dev.mainstay.engine.ScheduleDefinition> declared = new java.util.HashMap<>();
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
            engine.declareSchedules(workflows, declared);
        } catch (RuntimeException e) {
            log.error("event=schedule_declaration_refused workerId={} error={}", workerId, e.getMessage());
        }
    }

    private void append(Append append) {
        String runId = append.getRunId();
        int position = append.getEntry().getPosition();
        int size = append.getEntry().getOutput().size() + append.getEntry().getInput().size();
        if (size > maxPayloadBytes) {
            ack(runId, append.getEpoch(), position, new PayloadRefused(size, maxPayloadBytes));
            return;
        }
        timeouts.settled(runId, append.getEpoch(), position);
        long epoch = append.getEpoch();
        if (append.getSuspendUntilMs() > 0) {
            engine.appendAndSuspend(runId, epoch, Messages.entry(append.getEntry()), append.getSuspendUntilMs())
                    .whenComplete((ok, error) -> {
                        ack(runId, epoch, position, error);
                        if (error == null) {
                            dispatcher.done(this, runId, epoch);
                        }
                    });
            return;
        }
        engine.append(runId, epoch, Messages.entry(append.getEntry()), append.getSpanAttributesMap())
                .whenComplete((ok, error) -> ack(runId, epoch, position, error));
    }

    private void attemptFailed(dev.mainstay.protocol.v1.AttemptFailed failed) {
        String runId = failed.getRunId();
        long epoch = failed.getEpoch();
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

    private void awaitEvent(dev.mainstay.protocol.v1.AwaitEvent wait) {
        String runId = wait.getRunId();
        long epoch = wait.getEpoch();
        engine.awaitEvent(runId, epoch, wait.getPosition(), wait.getName(), wait.getTimeoutMs()).whenComplete((found, error) -> {
            if (error != null) {
                ack(runId, epoch, wait.getPosition(), error);
                return;
            }
            Ack.Builder ack = Ack.newBuilder().setRunId(runId).setEpoch(epoch).setPosition(wait.getPosition()).setOk(true)
                    .setSuspended(found.suspended());
            if (!found.suspended()) {
                ack.setResult(com.google.protobuf.ByteString.copyFrom(found.output()));
            }
            send(RuntimeMessage.newBuilder().setAck(ack).build());
            if (found.suspended()) {
                dispatcher.done(this, runId, epoch);
            }
        });
    }

    private void startChild(dev.mainstay.protocol.v1.StartChild start) {
        String runId = start.getRunId();
        long epoch = start.getEpoch();
        if (start.getInput().size() > maxPayloadBytes) {
            ack(runId, epoch, start.getPosition(), new PayloadRefused(start.getInput().size(), maxPayloadBytes));
            return;
        }
        // off the transport thread: finding the component reads the store
        Thread.ofVirtual().start(() -> {
            try {
                engine.startChild(runId, epoch, start.getPosition(), start.getComponent(), start.getInput().toByteArray(),
                        start.getDetached()).whenComplete((output, error) -> {
                            if (error != null) {
                                ack(runId, epoch, start.getPosition(), error);
                                return;
                            }
                            send(RuntimeMessage.newBuilder().setAck(Ack.newBuilder().setRunId(runId).setEpoch(epoch)
                                    .setPosition(start.getPosition()).setOk(true)
                                    .setResult(com.google.protobuf.ByteString.copyFrom(output))).build());
                        });
            } catch (RuntimeException e) {
                ack(runId, epoch, start.getPosition(), e);
            }
        });
    }

    /** Live progress goes to the run's watchers, unless it comes from a dispatch that is no longer current. */
    private void progress(dev.mainstay.protocol.v1.Progress progress) {
        var event = Messages.live(progress);
        if (event != null && holds(progress.getRunId(), progress.getEpoch())) {
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

    /** The worker gave the run back: another worker replays it at once. Acked once the release is committed. */
    private void release(String runId, long epoch) {
        if (!releaseSlot(runId, epoch)) {
            ack(runId, epoch, 0, null); // not held under this epoch any more: nothing to give back
            return;
        }
        // off the transport thread: looking up the component reads the store
        Thread.ofVirtual().start(() -> {
            try {
                engine.release(runId, engine.run(runId).component(), epoch)
                        .whenComplete((released, error) -> ack(runId, epoch, 0, error));
            } catch (RuntimeException e) {
                ack(runId, epoch, 0, e);
            }
        });
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

    private void complete(Complete complete) {
        String runId = complete.getRunId();
        long epoch = complete.getEpoch();
        byte[] output = complete.hasFailure() ? null : complete.getOutput().toByteArray();
        if (output != null && output.length == 0) {
            ack(runId, epoch, 0, new OutcomeMissing(runId));
            return;
        }
        if (output != null && output.length > maxPayloadBytes) {
            ack(runId, epoch, 0, new PayloadRefused(output.length, maxPayloadBytes));
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

    /**
     * Sends a claimed run, if its slot is still reserved here (false: the session closed meanwhile).
     * Taking the slot's epoch, reading whether the run is watched and sending happen under one lock,
     * so a watcher arriving at any moment is told to the worker either by this dispatch or by a
     * {@link #watch} after it.
     */
    synchronized boolean dispatch(dev.mainstay.protocol.v1.Dispatch.Builder dispatch, java.util.function.BooleanSupplier watched) {
        if (!holdsWith(dispatch.getRunId(), dispatch.getEpoch())) {
            return false;
        }
        send(RuntimeMessage.newBuilder().setDispatch(dispatch.setRetryDefaults(retryDefaults.toProto())
                .setWatched(watched.getAsBoolean())).build());
        return true;
    }

    /** Tells the worker a run it holds (dispatched) gained or lost its live watchers; false when it holds no such run. */
    synchronized boolean watch(String runId, boolean watched) {
        Long epoch = held.get(runId);
        if (!open || epoch == null || epoch == 0) {
            return false;
        }
        send(RuntimeMessage.newBuilder().setWatch(dev.mainstay.protocol.v1.Watch.newBuilder()
                .setRunId(runId).setEpoch(epoch).setWatched(watched)).build());
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
        Map<String, Long> lost;
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
            lost = Map.copyOf(held);
            held.clear();
        }
        // off the transport thread: releasing reads the store
        Thread.ofVirtual().name("session-close").start(() -> dispatcher.closed(this, lost));
    }

    // ---- state used by the dispatcher (under the dispatcher's lock for capacity decisions) ----

    synchronized boolean isOpen() { return open; }

    synchronized boolean isRegistered() { return workerId != null; }

    synchronized boolean serves(String component) { return components.contains(component); }

    synchronized Set<String> components() { return components; }

    synchronized int freeSlots() { return open && !draining ? capacity - held.size() : 0; }

    /** Reserves a slot for a run about to be claimed (epoch not known yet: 0). */
    synchronized boolean reserve(String runId) {
        if (!open || draining || held.size() >= capacity) {
            return false;
        }
        held.put(runId, 0L);
        return true;
    }

    synchronized boolean holdsWith(String runId, long epoch) {
        if (!open || !held.containsKey(runId)) {
            return false;
        }
        held.put(runId, epoch);
        return true;
    }

    synchronized boolean holds(String runId, long epoch) {
        Long held = this.held.get(runId);
        return held != null && held == epoch;
    }

    void cancel(String runId, long epoch) {
        send(RuntimeMessage.newBuilder().setCancel(dev.mainstay.protocol.v1.Cancel.newBuilder()
                .setRunId(runId).setEpoch(epoch)).build());
    }

    synchronized boolean releaseSlot(String runId, long epoch) {
        Long heldEpoch = held.get(runId);
        if (heldEpoch == null || (epoch != 0 && heldEpoch != epoch)) {
            return false;
        }
        held.remove(runId);
        return true;
    }

    String workerId() { return workerId; }

    long lastHeartbeatMs() { return lastHeartbeatMs; }

    synchronized WorkerInfo info() {
        return new WorkerInfo(workerId, sessionId, components, capacity, Set.copyOf(held.keySet()), lastHeartbeatMs);
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
