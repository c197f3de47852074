package dev.mainstay.coordinator;

import dev.mainstay.engine.Engine;
import dev.mainstay.protocol.v1.RuntimeMessage;
import dev.mainstay.protocol.v1.WorkerMessage;
import dev.mainstay.protocol.v1.WorkerServiceGrpc;
import io.grpc.stub.StreamObserver;

/** The gRPC endpoint workers connect to: one {@link WorkerSession} per stream. */
public final class WorkerStreamService extends WorkerServiceGrpc.WorkerServiceImplBase implements AutoCloseable {
    private final Engine engine;
    private final Dispatcher dispatcher;
    private final long heartbeatIntervalMs;
    private final int maxPayloadBytes;
    private final RetryDefaults retryDefaults;
    private final StepTimeouts timeouts;

    public WorkerStreamService(Engine engine, Dispatcher dispatcher, long heartbeatIntervalMs, int maxPayloadBytes,
                               RetryDefaults retryDefaults) {
        this.retryDefaults = retryDefaults;
        this.timeouts = new StepTimeouts(engine, dispatcher);
        this.engine = engine;
        this.dispatcher = dispatcher;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public StreamObserver<WorkerMessage> connect(StreamObserver<RuntimeMessage> responses) {
        return new WorkerSession(responses, engine, dispatcher, heartbeatIntervalMs, maxPayloadBytes, retryDefaults,
                timeouts);
    }

    @Override
    public void close() {
        timeouts.close();
    }
}
