package dev.mainstay.coordinator;

import dev.mainstay.engine.Engine;
import dev.mainstay.engine.auth.Principal;
import dev.mainstay.engine.auth.Tokens;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.v1.RuntimeMessage;
import dev.mainstay.protocol.v1.WorkerMessage;
import dev.mainstay.protocol.v1.WorkerServiceGrpc;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC endpoint workers connect to: one {@link WorkerSession} per stream. A stream that has
 * not sent its {@code Register} within {@link WorkerLimits#registerTimeoutMs()} is ended, so idle
 * connections cannot pile up.
 *
 * <p>Every stream is authenticated when it opens ({@link WorkerAuth}, in front of the service as
 * {@link #authenticated()} gives it; a stream that did not pass it is refused). The service
 * remembers which token each open stream used, and ends those streams with {@code UNAUTHENTICATED}
 * when the token is revoked or expires ({@link Tokens#onEnded}), on this node at once and from
 * another node within {@link Tokens#RECHECK_MS}.
 */
public final class WorkerStreamService extends WorkerServiceGrpc.WorkerServiceImplBase implements AutoCloseable {
    private final Engine engine;
    private final Dispatcher dispatcher;
    private final WorkerSession.Settings settings;
    private final StepTimeouts timeouts;
    private final Tokens tokens;
    /** The token of each open stream (closed ones are dropped at each re-check of the tokens in use). */
    private final Map<WorkerSession, String> tokenOf = new ConcurrentHashMap<>();
    private final ScheduledExecutorService registrations = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mainstay-register-timeouts");
        t.setDaemon(true);
        return t;
    });

    public WorkerStreamService(Engine engine, Dispatcher dispatcher, long heartbeatIntervalMs, int maxPayloadBytes,
                               RetryDefaults retryDefaults) {
        this(engine, dispatcher, heartbeatIntervalMs, maxPayloadBytes, retryDefaults, WorkerLimits.defaults(),
                Tokens.disabled(null));
    }

    public WorkerStreamService(Engine engine, Dispatcher dispatcher, long heartbeatIntervalMs, int maxPayloadBytes,
                               RetryDefaults retryDefaults, WorkerLimits limits, Tokens tokens) {
        this.tokens = tokens;
        tokens.onEnded(this::tokenEnded);
        tokens.inUse(this::tokensInUse);
        this.engine = engine;
        this.dispatcher = dispatcher;
        this.timeouts = new StepTimeouts(engine, dispatcher);
        this.settings = new WorkerSession.Settings(heartbeatIntervalMs, maxPayloadBytes, retryDefaults, limits,
                new JsonPayloads());
    }

    @Override
    public StreamObserver<WorkerMessage> connect(StreamObserver<RuntimeMessage> responses) {
        Principal principal = WorkerAuth.PRINCIPAL.get();
        if (principal == null && tokens.isRequired()) { // called without WorkerAuth: refuse rather than trust
            responses.onError(Status.UNAUTHENTICATED.withDescription(ErrorCode.UNAUTHENTICATED.name()
                    + ": the stream was not authenticated").asRuntimeException());
            return new StreamObserver<>() {
                @Override
                public void onNext(WorkerMessage message) {}

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {}
            };
        }
        WorkerSession session = new WorkerSession(responses, engine, dispatcher, settings, timeouts,
                principal == null ? Principal.LOCAL_DEVELOPMENT : principal);
        if (tokens.isRequired()) {
            tokenOf.put(session, principal.tokenId());
        }
        long timeoutMs = settings.limits().registerTimeoutMs();
        registrations.schedule(() -> session.registrationTimedOut(timeoutMs), timeoutMs, TimeUnit.MILLISECONDS);
        return session;
    }

    /** This service behind {@link WorkerAuth}: what a server must add (without it, every stream is refused). */
    public ServerServiceDefinition authenticated() {
        return ServerInterceptors.intercept(bindService(), new WorkerAuth(tokens));
    }

    private void tokenEnded(String tokenId) {
        tokenOf.forEach((session, token) -> {
            if (token.equals(tokenId) && tokenOf.remove(session, token)) {
                session.tokenEnded(tokenId);
            }
        });
    }

    private Set<String> tokensInUse() {
        tokenOf.keySet().removeIf(session -> !session.isOpen());
        return Set.copyOf(tokenOf.values());
    }

    @Override
    public void close() {
        registrations.shutdownNow();
        timeouts.close();
    }
}
