package dev.mainstay.coordinator;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declares silent workers dead. A worker heartbeats every interval (any message counts); one that
 * stays silent for the lease duration (a paused JVM, a half-open connection the OS has not noticed)
 * loses its stream, and with it every run it held: those are released and dispatched elsewhere,
 * and fencing refuses whatever the silent worker writes afterwards.
 */
public final class LeaseMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseMonitor.class);

    private final Dispatcher dispatcher;
    private final long leaseMs;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mainstay-leases");
        t.setDaemon(true);
        return t;
    });

    public LeaseMonitor(Dispatcher dispatcher, long heartbeatIntervalMs, long leaseMs) {
        if (leaseMs <= heartbeatIntervalMs) {
            throw new IllegalArgumentException("the worker lease (" + leaseMs + " ms) must be longer than the heartbeat interval ("
                    + heartbeatIntervalMs + " ms)");
        }
        this.dispatcher = dispatcher;
        this.leaseMs = leaseMs;
        long period = Math.max(100, heartbeatIntervalMs / 2);
        clock.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    private void check() {
        long now = System.currentTimeMillis();
        for (WorkerSession session : dispatcher.sessions()) {
            long silentMs = now - session.lastHeartbeatMs();
            if (silentMs > leaseMs) {
                log.warn("event=lease_expired workerId={} silent_ms={} lease_ms={}", session.workerId(), silentMs, leaseMs);
                dispatcher.telemetry().leaseExpired(session.workerId());
                session.expire(silentMs, leaseMs);
            }
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}
