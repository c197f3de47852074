package dev.mainstay.sdk.internal;

import com.google.protobuf.ByteString;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;
import dev.mainstay.protocol.v1.Complete;
import dev.mainstay.protocol.v1.Dispatch;
import dev.mainstay.protocol.v1.Failure;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One dispatch of one run, on its own virtual thread: replays the body against the dispatched
 * journal, executes what is new, and reports the outcome. Abandoning it (lease lost, connection
 * lost, re-dispatched) interrupts the thread; whatever it writes afterwards is refused by fencing.
 */
final class RunExecution {
    private static final Logger log = LoggerFactory.getLogger(RunExecution.class);

    private final Dispatch dispatch;
    private final Components components;
    private final RuntimeStream stream;
    private final WorkerDefaults defaults;
    private final java.util.function.BooleanSupplier draining;
    /** The run's now, fixed against the runtime's at receipt (a test clock moves only while no run is held). */
    private final java.util.function.LongSupplier clock;
    private volatile Runnable onExit = () -> {};
    private volatile Thread thread;
    private volatile ReplayContext context;
    private volatile boolean abandoned;
    private volatile boolean cancelled;
    /** The run was paused: like a drain of this run alone, it is given back before its next new operation. */
    private volatile boolean paused;
    /** Completed when the run is cancelled: wakes whatever waits in the run's threads. */
    private final java.util.concurrent.CompletableFuture<Void> cancellation = new java.util.concurrent.CompletableFuture<>();
    /** Someone follows the run live: attempts and step output are reported as Progress. */
    private volatile boolean watched;

    RunExecution(Dispatch dispatch, Components components, RuntimeStream stream, WorkerDefaults defaults,
                 java.util.function.BooleanSupplier draining) {
        this.draining = draining;
        this.dispatch = dispatch;
        this.components = components;
        this.stream = stream;
        this.defaults = defaults;
        this.watched = dispatch.getWatched();
        this.clock = RunClocks.of(stream.testClock(), dispatch.getNowMs());
    }

    String runId() {
        return dispatch.getRunId();
    }

    long epoch() {
        return dispatch.getEpoch();
    }

    void startThen(Runnable onExit) {
        if (dispatch.getCancelRequested()) {
            cancel();
        }
        if (dispatch.getPauseRequested()) {
            pause();
        }
        this.onExit = onExit;
        thread = Thread.ofVirtual().name("run-" + dispatch.getRunId()).start(this::run);
    }

    /** Gives the run back to the runtime, which dispatches it to another worker at once. */
    java.util.concurrent.CompletableFuture<dev.mainstay.protocol.v1.Ack> release() {
        return stream.request(dev.mainstay.protocol.v1.WorkerMessage.newBuilder().setRelease(
                dev.mainstay.protocol.v1.Release.newBuilder().setRunId(dispatch.getRunId()).setEpoch(dispatch.getEpoch())).build(),
                dispatch.getRunId(), dispatch.getEpoch(), 0);
    }

    /** The run was cancelled (now, or before this dispatch). */
    void cancel() {
        cancelled = true;
        cancellation.complete(null);
    }

    /** The run was paused (now, or while this dispatch's claim was in flight). */
    void pause() {
        paused = true;
    }

    void watched(boolean watched) {
        this.watched = watched;
    }

    void abandon() {
        abandoned = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        ReplayContext ctx = context;
        if (ctx != null) {
            ctx.abandonParallel();
        }
    }

    private void run() {
        MDC.put("runId", dispatch.getRunId());
        MDC.put("workflow", dispatch.getComponent());
        try {
            byte[] output = execute();
            finish(Complete.newBuilder().setOutput(ByteString.copyFrom(output)));
        } catch (LeaseLost lost) {
            log.debug("event=run_abandoned runId={} reason={}", dispatch.getRunId(), lost.getMessage());
        } catch (Suspended suspended) {
            log.debug("event=run_suspended runId={} reason={}", dispatch.getRunId(), suspended.getMessage());
        } catch (MainstayException e) {
            finish(Complete.newBuilder().setFailure(Failures.of(e.code(), e)));
        } catch (Throwable t) {
            finish(Complete.newBuilder().setFailure(Failures.of(ErrorCode.WORKFLOW_FAILED, t)));
        } finally {
            MDC.clear();
            onExit.run();
        }
    }

    private byte[] execute() throws Exception {
        Components.Component component = components.get(dispatch.getComponent())
                .orElseThrow(() -> new ComponentMissing(dispatch.getComponent()));
        Object input = readInput(component);
        RetryPolicies policies = new RetryPolicies(component.workflow() ? component.retry() : null, defaults.retry(),
                RetryPolicies.of(dispatch.getRetryDefaults()));
        ReplayContext ctx = new ReplayContext(dispatch.getRunId(), component.name(), dispatch.getJournalList(),
                new Sink(), components, stream.maxPayloadBytes(), policies, pendingAttempts(),
                defaults.inWorkerBackoff().toMillis(), clock);
        ctx.traceParent(dispatch.getTraceparent());
        context = ctx;
        Object result = body(component, ctx, input);
        byte[] output = Json.write(result);
        if (output.length > stream.maxPayloadBytes()) {
            throw new dev.mainstay.sdk.PayloadTooLargeException("the result of run " + dispatch.getRunId(),
                    output.length, stream.maxPayloadBytes());
        }
        return output;
    }

    /**
     * The body of one dispatch against its journal: the workflow (or a function's one call), then what
     * ran beside it, then its required children. A non-determinism or a refused write is the outcome
     * whatever the body caught; a journal longer than what the body asked for is a non-determinism too.
     * Shared with offline replay ({@link OfflineRuns}), so a replay judges a journal exactly as a worker does.
     */
    static Object body(Components.Component component, ReplayContext ctx, Object input) throws Exception {
        Object result;
        try {
            // a function run is one journaled call, so it gets the same retries and durable attempts as a step
            result = component.workflow() ? component.invoke(ctx, input)
                    : ctx.call(component.name(), input, com.fasterxml.jackson.databind.JsonNode.class);
            ctx.settleParallel();
            ctx.awaitRequiredChildren();
        } catch (LeaseLost | Suspended gone) {
            throw gone;
        } catch (Exception | Error failed) {
            ctx.settleParallel(); // what ran beside the body is journaled before the run fails
            throw failed;
        } finally {
            if (ctx.nonDeterminism() != null) {
                throw ctx.nonDeterminism(); // caught by the body or not: the journal matches neither version of the code
            }
            if (ctx.refused() != null) {
                throw ctx.refused();
            }
        }
        ctx.checkFullyReplayed();
        return result;
    }

    /** The failed attempts at empty positions; from the counts alone when the runtime sends no details. */
    private java.util.Map<Integer, dev.mainstay.protocol.v1.PendingAttempts> pendingAttempts() {
        java.util.Map<Integer, dev.mainstay.protocol.v1.PendingAttempts> pending = new java.util.HashMap<>(
                dispatch.getPendingAttemptsMap());
        dispatch.getFailedAttemptsMap().forEach((position, failed) -> pending.putIfAbsent(position,
                dev.mainstay.protocol.v1.PendingAttempts.newBuilder().setFailed(failed).build()));
        return pending;
    }

    /** This run's writes; an abandoned execution writes nothing more, whatever the body still does. */
    private final class Sink implements JournalSink {
        @Override
        public java.util.concurrent.CompletableFuture<dev.mainstay.protocol.v1.Ack> append(
                dev.mainstay.protocol.v1.JournalEntry entry) {
            return abandoned ? gone() : stream.append(dispatch.getRunId(), dispatch.getEpoch(), entry);
        }

        @Override
        public java.util.concurrent.CompletableFuture<dev.mainstay.protocol.v1.Ack> append(
                dev.mainstay.protocol.v1.JournalEntry entry, java.util.Map<String, String> spanAttributes) {
            return abandoned ? gone() : stream.append(dispatch.getRunId(), dispatch.getEpoch(), entry, spanAttributes);
        }

        @Override
        public java.util.concurrent.CompletableFuture<dev.mainstay.protocol.v1.Ack> appendAndSuspend(
                dev.mainstay.protocol.v1.JournalEntry entry, long wakeAtMs) {
            return abandoned ? gone() : stream.append(dispatch.getRunId(), dispatch.getEpoch(), entry, wakeAtMs);
        }

        @Override
        public java.util.concurrent.CompletableFuture<dev.mainstay.protocol.v1.Ack> awaitEvent(int position, String name,
                                                                                              long timeoutMs) {
            return abandoned ? gone() : stream.request(dev.mainstay.protocol.v1.WorkerMessage.newBuilder().setAwaitEvent(
                    dev.mainstay.protocol.v1.AwaitEvent.newBuilder().setRunId(dispatch.getRunId()).setEpoch(dispatch.getEpoch())
                            .setPosition(position).setName(name).setTimeoutMs(timeoutMs)).build(),
                    dispatch.getRunId(), dispatch.getEpoch(), position);
        }

        @Override
        public java.util.concurrent.CompletableFuture<dev.mainstay.protocol.v1.Ack> startChild(int position, String component,
                                                                                              byte[] input, boolean detached) {
            return abandoned ? gone() : stream.request(dev.mainstay.protocol.v1.WorkerMessage.newBuilder().setStartChild(
                    dev.mainstay.protocol.v1.StartChild.newBuilder().setRunId(dispatch.getRunId()).setEpoch(dispatch.getEpoch())
                            .setPosition(position).setComponent(component).setInput(ByteString.copyFrom(input))
                            .setDetached(detached)).build(),
                    dispatch.getRunId(), dispatch.getEpoch(), position);
        }

        @Override
        public java.util.concurrent.CompletableFuture<dev.mainstay.protocol.v1.Ack> attemptFailed(
                dev.mainstay.protocol.v1.AttemptFailed.Builder attempt) {
            return abandoned ? gone()
                    : stream.attemptFailed(attempt.setRunId(dispatch.getRunId()).setEpoch(dispatch.getEpoch()).build());
        }

        @Override
        public void stepStarted(dev.mainstay.protocol.v1.StepStarted.Builder step) {
            if (!abandoned) {
                stream.tell(dev.mainstay.protocol.v1.WorkerMessage.newBuilder().setStepStarted(
                        step.setRunId(dispatch.getRunId()).setEpoch(dispatch.getEpoch())).build());
            }
        }

        @Override
        public void heartbeat(int position) {
            if (!abandoned) {
                stream.tell(dev.mainstay.protocol.v1.WorkerMessage.newBuilder().setStepHeartbeat(
                        dev.mainstay.protocol.v1.StepHeartbeat.newBuilder().setRunId(dispatch.getRunId())
                                .setEpoch(dispatch.getEpoch()).setPosition(position)).build());
            }
        }

        @Override
        public void attemptBegan(int position, String kind, String name, int attempt, long startedAtMs) {
            if (reporting()) {
                send(dev.mainstay.protocol.v1.Progress.newBuilder().setPosition(position).setAttemptBegan(
                        dev.mainstay.protocol.v1.AttemptBegan.newBuilder().setKind(kind).setName(name).setAttempt(attempt)
                                .setStartedAtMs(startedAtMs)));
            }
        }

        @Override
        public void output(int position, String text) {
            if (reporting()) {
                send(dev.mainstay.protocol.v1.Progress.newBuilder().setPosition(position).setOutput(text));
            }
        }

        /** Progress goes out only while someone watches: an unwatched run pays nothing for it. */
        private boolean reporting() {
            return watched && !abandoned;
        }

        private void send(dev.mainstay.protocol.v1.Progress.Builder progress) {
            stream.tell(dev.mainstay.protocol.v1.WorkerMessage.newBuilder().setProgress(
                    progress.setRunId(dispatch.getRunId()).setEpoch(dispatch.getEpoch())).build());
        }

        @Override
        public java.util.concurrent.CompletableFuture<dev.mainstay.protocol.v1.Ack> release() {
            return abandoned ? gone() : RunExecution.this.release();
        }

        @Override
        public java.util.concurrent.CompletableFuture<dev.mainstay.protocol.v1.Ack> suspendUntil(long wakeAtMs) {
            return abandoned ? gone() : stream.request(dev.mainstay.protocol.v1.WorkerMessage.newBuilder().setRelease(
                    dev.mainstay.protocol.v1.Release.newBuilder().setRunId(dispatch.getRunId()).setEpoch(dispatch.getEpoch())
                            .setSuspendUntilMs(wakeAtMs)).build(),
                    dispatch.getRunId(), dispatch.getEpoch(), 0);
        }

        @Override
        public boolean draining() {
            return paused || draining.getAsBoolean();
        }

        @Override
        public boolean cancelRequested() {
            return cancelled;
        }

        @Override
        public boolean sleepUnlessCancelled(long millis) throws InterruptedException {
            try {
                cancellation.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
                return true;
            } catch (java.util.concurrent.TimeoutException slept) {
                return cancelled;
            } catch (ExecutionException unreachable) {
                throw new IllegalStateException(unreachable); // the future is only ever completed normally
            }
        }

        private java.util.concurrent.CompletableFuture<dev.mainstay.protocol.v1.Ack> gone() {
            return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("run abandoned"));
        }
    }

    private Object readInput(Components.Component component) {
        if (component.inputType() == null) {
            return null;
        }
        try {
            return Json.read(dispatch.getInput().toByteArray(), component.inputType());
        } catch (IllegalArgumentException e) {
            throw new InputUnreadable(component.name(), e.getMessage());
        }
    }

    private void finish(Complete.Builder outcome) {
        if (abandoned) {
            return;
        }
        ReplayContext body = context; // set once the body ran: its run span's attributes go with the outcome
        if (body != null) {
            outcome.putAllSpanAttributes(body.runSpanAttributes());
        }
        Complete complete = outcome.setRunId(dispatch.getRunId()).setEpoch(dispatch.getEpoch()).build();
        try {
            var ack = stream.complete(complete).get();
            if (!ack.getOk()) {
                log.warn("event=outcome_refused runId={} code={} message={}", dispatch.getRunId(), ack.getErrorCode(),
                        ack.getMessage());
                if (ErrorCode.fromName(ack.getErrorCode()) == ErrorCode.PAYLOAD_TOO_LARGE && !complete.hasFailure()) {
                    finish(Complete.newBuilder().setFailure(Failure.newBuilder()
                            .setCode(ErrorCode.PAYLOAD_TOO_LARGE.name()).setMessage("the run's result: " + ack.getMessage())));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.debug("event=outcome_unacknowledged runId={} reason=connection_lost", dispatch.getRunId());
        }
    }

    /** The runtime dispatched a component this worker does not serve (it was re-registered without it). */
    static final class ComponentMissing extends MainstayException {
        ComponentMissing(String name) {
            super(ErrorCode.WORKFLOW_NOT_FOUND, "this worker does not serve '" + name + "'");
        }
    }

    /** The run's input cannot be read as the component's input type. */
    static final class InputUnreadable extends MainstayException {
        InputUnreadable(String component, String detail) {
            super(ErrorCode.INVALID_INPUT, "the input of '" + component + "' does not fit its type: " + detail);
        }
    }
}
