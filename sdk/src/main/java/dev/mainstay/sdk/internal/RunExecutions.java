package dev.mainstay.sdk.internal;

import dev.mainstay.protocol.v1.Dispatch;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The runs a worker executes right now, one per run id; a newer dispatch of a run replaces the older. */
public final class RunExecutions implements RuntimeStream.Runs {
    private final Components components;
    private final WorkerDefaults defaults;
    private final Map<String, RunExecution> running = new ConcurrentHashMap<>();
    private RuntimeStream stream;
    private volatile boolean draining;
    private final java.util.concurrent.atomic.LongAdder dispatches = new java.util.concurrent.atomic.LongAdder();

    public RunExecutions(Components components, WorkerDefaults defaults) {
        this.components = components;
        this.defaults = defaults;
    }

    public void attach(RuntimeStream stream) {
        this.stream = stream;
    }

    @Override
    public void dispatch(Dispatch dispatch) {
        dispatches.increment();
        RunExecution execution = new RunExecution(dispatch, components, stream, defaults, () -> draining);
        RunExecution previous = running.put(dispatch.getRunId(), execution);
        if (previous != null) {
            previous.abandon();
        }
        execution.startThen(() -> running.remove(dispatch.getRunId(), execution));
    }

    /** The runtime cancelled a run this worker holds. */
    @Override
    public void cancel(dev.mainstay.protocol.v1.Cancel cancel) {
        RunExecution execution = running.get(cancel.getRunId());
        if (execution != null && execution.epoch() == cancel.getEpoch()) {
            execution.cancel();
        }
    }

    /** The runtime paused a run this worker holds: it is given back before its next new operation, as when draining. */
    @Override
    public void pause(dev.mainstay.protocol.v1.Pause pause) {
        RunExecution execution = running.get(pause.getRunId());
        if (execution != null && execution.epoch() == pause.getEpoch()) {
            execution.pause();
        }
    }

    /** Someone started or stopped following a run this worker holds live. */
    @Override
    public void watch(dev.mainstay.protocol.v1.Watch watch) {
        RunExecution execution = running.get(watch.getRunId());
        if (execution != null && execution.epoch() == watch.getEpoch()) {
            execution.watched(watch.getWatched());
        }
    }

    /** The connection dropped: the runtime re-dispatches every run under a new epoch, so stop them all. */
    @Override
    public void abandonAll() {
        running.values().forEach(RunExecution::abandon);
        running.clear();
    }

    /** Dispatches received since the worker was built (a run given back and dispatched again counts again). */
    public long dispatches() {
        return dispatches.sum();
    }

    @Override
    public int inFlight() {
        return running.size();
    }

    /**
     * Drains: runs finish the step they are in, then give themselves back before their next new
     * operation. After {@code timeout}, runs still busy (a long step) are given back as they are and
     * abandoned; the runtime re-dispatches every released run at once.
     */
    public void drain(java.time.Duration timeout) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        for (RunExecution late : running.values()) {
            try {
                late.release().get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // the connection went: the runtime releases the run when it notices
            }
            late.abandon();
        }
        running.clear();
    }
}
