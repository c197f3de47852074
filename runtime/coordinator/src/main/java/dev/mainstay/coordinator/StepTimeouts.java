package dev.mainstay.coordinator;

import dev.mainstay.engine.Engine;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.v1.StepStarted;
import dev.mainstay.store.Attempt;
import dev.mainstay.store.Failure;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines of step attempts that declared a timeout. The runtime, not the worker, enforces them:
 * a worker that overruns (slow code, a paused JVM) loses the run when the deadline passes, the
 * attempt is recorded as timed out, and the late result is refused by fencing. Deadlines live in
 * memory only: after a runtime restart every run is dispatched again anyway.
 */
final class StepTimeouts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StepTimeouts.class);

    private record Deadline(WorkerSession session, StepStarted step, ScheduledFuture<?> task) {}

    private final Engine engine;
    private final Dispatcher dispatcher;
    private final Map<String, Deadline> deadlines = new ConcurrentHashMap<>();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mainstay-step-timeouts");
        t.setDaemon(true);
        return t;
    });

    StepTimeouts(Engine engine, Dispatcher dispatcher) {
        this.engine = engine;
        this.dispatcher = dispatcher;
    }

    void started(WorkerSession session, StepStarted step) {
        schedule(session, step, step.getTimeoutMs());
    }

    /** The step shows progress: its deadline moves to now + its timeout. */
    void heartbeat(String runId, long epoch, int position) {
        Deadline current = deadlines.get(key(runId, epoch, position));
        if (current != null) {
            schedule(current.session(), current.step(), current.step().getTimeoutMs());
        }
    }

    /** The step's attempt ended in time (appended, or failed and recorded). */
    void settled(String runId, long epoch, int position) {
        Deadline done = deadlines.remove(key(runId, epoch, position));
        if (done != null) {
            done.task().cancel(false);
        }
    }

    private void schedule(WorkerSession session, StepStarted step, long delayMs) {
        String key = key(step.getRunId(), step.getEpoch(), step.getPosition());
        ScheduledFuture<?> task = clock.schedule(() -> fire(key), delayMs, TimeUnit.MILLISECONDS);
        Deadline previous = deadlines.put(key, new Deadline(session, step, task));
        if (previous != null) {
            previous.task().cancel(false);
        }
    }

    private void fire(String key) {
        Deadline deadline = deadlines.remove(key);
        if (deadline == null) {
            return;
        }
        StepStarted step = deadline.step();
        boolean last = step.getRetryAtMs() == 0;
        long now = engine.clock().millis(); // the deadline ran in real time; the attempt's times are the run's
        Failure failure = new Failure(ErrorCode.STEP_TIMED_OUT.name(), null, "attempt " + step.getAttempt() + " of '"
                + step.getName() + "' did not finish within its timeout of " + step.getTimeoutMs()
                + " ms; its worker lost the run and its late result is refused", null);
        Attempt attempt = new Attempt(step.getPosition(), step.getAttempt(), step.getKind(), step.getName(), failure,
                step.getStartedAtMs(), now, last ? null : Math.max(now, step.getRetryAtMs()));
        try {
            engine.stepTimedOut(engine.run(step.getRunId()), step.getEpoch(), attempt, last).whenComplete((applied, error) -> {
                if (error != null) {
                    log.warn("event=step_timeout_failed runId={} error={}", step.getRunId(), error.toString());
                } else if (applied) {
                    dispatcher.done(deadline.session(), step.getRunId(), step.getEpoch());
                }
            });
        } catch (RuntimeException e) {
            log.warn("event=step_timeout_failed runId={} error={}", step.getRunId(), e.toString());
        }
    }

    private static String key(String runId, long epoch, int position) {
        return runId + "/" + epoch + "/" + position;
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}
