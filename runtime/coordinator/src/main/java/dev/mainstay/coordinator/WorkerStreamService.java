package dev.mainstay.coordinator;

import dev.mainstay.engine.Engine;
import dev.mainstay.protocol.v1.RuntimeMessage;
import dev.mainstay.protocol.v1.WorkerMessage;
import dev.mainstay.protocol.v1.WorkerServiceGrpc;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC endpoint workers connect to: one {@link WorkerSession} per stream. A stream that has
 * not sent its {@code Register} within {@link WorkerLimits#registerTimeoutMs()} is ended, so idle
 * connections cannot pile up.
 */
public final class WorkerStreamService extends WorkerServiceGrpc.WorkerServiceImplBase implements AutoCloseable {
    private final Engine engine;
    private final Dispatcher dispatcher;
    private final WorkerSession.Settings settings;
    private final StepTimeouts timeouts;
    private final ScheduledExecutorService registrations = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mainstay-register-timeouts");
        t.setDaemon(true);
        return t;
    });

    public WorkerStreamService(Engine engine, Dispatcher dispatcher, long heartbeatIntervalMs, int maxPayloadBytes,
                               RetryDefaults retryDefaults) {
        this(engine, dispatcher, heartbeatIntervalMs, maxPayloadBytes, retryDefaults, WorkerLimits.defaults());
    }

    public WorkerStreamService(Engine engine, Dispatcher dispatcher, long heartbeatIntervalMs, int maxPayloadBytes,
                               RetryDefaults retryDefaults, WorkerLimits limits) {
        this.engine = engine;
        this.dispatcher = dispatcher;
        this.timeouts = new StepTimeouts(engine, dispatcher);
        this.settings = new WorkerSession.Settings(heartbeatIntervalMs, maxPayloadBytes, retryDefaults, limits,
                new JsonPayloads());
    }

    @Override
    public StreamObserver<WorkerMessage> connect(StreamObserver<RuntimeMessage> responses) {
        WorkerSession session = new WorkerSession(responses, engine, dispatcher, settings, timeouts);
        long timeoutMs = settings.limits().registerTimeoutMs();
        registrations.schedule(() -> session.registrationTimedOut(timeoutMs), timeoutMs, TimeUnit.MILLISECONDS);
        return session;
    }

    @Override
    public void close() {
        registrations.shutdownNow();
        timeouts.close();
    }
}
