package dev.mainstay.sdk.internal;

import dev.mainstay.protocol.v1.Dispatch;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The runs a worker executes right now, one per run id; a newer dispatch of a run replaces the older. */
public final class RunExecutions {
    private final Components components;
    private final WorkerDefaults defaults;
    private final Map<String, RunExecution> running = new ConcurrentHashMap<>();
    private RuntimeStream stream;

    public RunExecutions(Components components, WorkerDefaults defaults) {
        this.components = components;
        this.defaults = defaults;
    }

    public void attach(RuntimeStream stream) {
        this.stream = stream;
    }

    public void dispatch(Dispatch dispatch) {
        RunExecution execution = new RunExecution(dispatch, components, stream, defaults);
        RunExecution previous = running.put(dispatch.getRunId(), execution);
        if (previous != null) {
            previous.abandon();
        }
        execution.startThen(() -> running.remove(dispatch.getRunId(), execution));
    }

    /** The connection dropped: the runtime re-dispatches every run under a new epoch, so stop them all. */
    public void abandonAll() {
        running.values().forEach(RunExecution::abandon);
        running.clear();
    }

    public int inFlight() {
        return running.size();
    }
}
