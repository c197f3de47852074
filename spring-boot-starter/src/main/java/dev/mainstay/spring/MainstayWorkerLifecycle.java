package dev.mainstay.spring;

import dev.mainstay.sdk.Worker;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Connects the worker when the application context has started and drains it when the context
 * closes: the worker takes no new runs, lets the steps in flight finish (up to
 * {@code mainstay.worker.drain-timeout}), and gives every run back so that the runtime dispatches
 * it to another worker at once, where it resumes from its journal.
 *
 * <p>Why {@link #PHASE}: Spring starts lifecycle beans from the lowest phase up and stops them from
 * the highest down. The worker takes the highest phase, so it connects after everything a step may
 * use has started (a web server, message listeners, a scheduler) and drains before any of them
 * stops; the beans themselves are destroyed only after every lifecycle bean stopped. The drain runs
 * in {@link #stop()}, synchronously, so beans of the same phase wait for it too.
 *
 * <p>A drained worker cannot connect again (its stream is closed for good): a context that is
 * stopped and started again needs a new one.
 */
public final class MainstayWorkerLifecycle implements SmartLifecycle {
    /** {@link SmartLifecycle#DEFAULT_PHASE}: the highest there is; see the class comment. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE;

    private static final Logger log = LoggerFactory.getLogger(MainstayWorkerLifecycle.class);

    private final Worker worker;
    private final boolean autoStartup;
    private final Duration drainTimeout;
    private boolean running;
    private boolean drained;

    public MainstayWorkerLifecycle(Worker worker, boolean autoStartup, Duration drainTimeout) {
        this.worker = worker;
        this.autoStartup = autoStartup;
        this.drainTimeout = drainTimeout;
    }

    /** Connects (in the background: the worker keeps retrying until the runtime answers). */
    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        if (drained) {
            throw new IllegalStateException("worker " + worker.workerId() + " was drained and cannot connect again;"
                    + " refresh the application context to get a new one");
        }
        worker.start();
        running = true;
        log.info("event=worker_started workerId={} capacity={}", worker.workerId(), worker.capacity());
    }

    /** Drains (see the class comment); returns once the worker has disconnected. */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        log.info("event=worker_draining workerId={} runsInFlight={} drainTimeout={}",
                worker.workerId(), worker.inFlight(), drainTimeout);
        worker.drain(drainTimeout);
        running = false;
        drained = true;
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
