package dev.mainstay.sdk.internal;

import dev.mainstay.protocol.v1.Ack;
import dev.mainstay.protocol.v1.Append;
import dev.mainstay.protocol.v1.Complete;
import dev.mainstay.protocol.v1.Dispatch;
import dev.mainstay.protocol.v1.Heartbeat;
import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.protocol.v1.Register;
import dev.mainstay.protocol.v1.RuntimeMessage;
import dev.mainstay.protocol.v1.WorkerMessage;
import dev.mainstay.protocol.v1.WorkerServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's end of its one stream to the runtime. Registers on every (re)connect, heartbeats,
 * hands dispatches over, and matches acks to the appends waiting for them. When the stream breaks,
 * every waiting append fails (its run is abandoned: the runtime will re-dispatch it under a new
 * epoch) and the stream reconnects, to the next of the runtime's addresses when it has several
 * (see {@link TargetRotation}). It talks to one address at a time; the first is picked at random
 * so that workers spread over the nodes.
 */
public final class RuntimeStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RuntimeStream.class);
    private static final long MIN_BACKOFF_MS = 100;
    /**
     * A restarted runtime listens 0.6 to 0.8 s after its start (bench W7), and a worker restarted
     * beside it tries from its own start on: the wait after the last refused try adds itself to every
     * recovery (with 1 s, W3 lost 0.7 s to it). Half a second keeps a fleet of workers waiting for a
     * runtime that is down to two refused connections a second each, which cost the runtime nothing.
     */
    private static final long MAX_BACKOFF_MS = 500;
    /** A node that accepts the stream but does not answer the registration is as good as down. */
    private static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(10);

    /** One channel per address; the stream uses one at a time. */
    private final Map<String, ManagedChannel> channels = new java.util.LinkedHashMap<>();
    private final TargetRotation rotation;
    private final Duration registerTimeout;
    private final Register registration;
    /** Puts the token in each stream's metadata; null without a token. */
    private final io.grpc.ClientInterceptor credentials;
    private final Runs runs;
    private final Map<String, CompletableFuture<Ack>> pendingAcks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mainstay-worker-timers");
        t.setDaemon(true);
        return t;
    });
    private final Object sendLock = new Object();
    private StreamObserver<WorkerMessage> requests;
    private int generation;
    /** The current generation's stream is lost and its successor is scheduled. */
    private boolean reconnecting;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> registerDeadline;
    private volatile boolean connected;
    private volatile int maxPayloadBytes = Integer.MAX_VALUE;
    /** The runtime said its clock is a test clock: each dispatch's now_ms is the run's time. */
    private volatile boolean testClock;
    private volatile boolean closed;

    /** What the runtime tells this worker about its runs (implemented by {@link RunExecutions}). */
    public interface Runs {
        void dispatch(Dispatch dispatch);

        void cancel(dev.mainstay.protocol.v1.Cancel cancel);

        void watch(dev.mainstay.protocol.v1.Watch watch);

        /** The runtime paused a run this worker holds: give it back before its next new operation. */
        default void pause(dev.mainstay.protocol.v1.Pause pause) {}

        /** The connection dropped: the runtime re-dispatches every run under a new epoch. */
        void abandonAll();

        int inFlight();
    }

    /**
     * A stream to one of {@code targets} ({@code host:port} each, see {@link RuntimeTargets}), opened
     * with {@code token} (null: none) in its {@code authorization} metadata, over TLS with
     * {@code tls} (null: plaintext) to every address.
     */
    public RuntimeStream(List<String> targets, Register registration, Runs runs, String token,
                         io.grpc.netty.shaded.io.netty.handler.ssl.SslContext tls) {
        this(targets, ThreadLocalRandom.current().nextInt(targets.size()), registration, runs, REGISTER_TIMEOUT, token, tls);
    }

    /** Tests pick the first address ({@code start}, an index into {@code targets}) and the register timeout. */
    RuntimeStream(List<String> targets, int start, Register registration, Runs runs, Duration registerTimeout) {
        this(targets, start, registration, runs, registerTimeout, null, null);
    }

    private RuntimeStream(List<String> targets, int start, Register registration, Runs runs, Duration registerTimeout,
                          String token, io.grpc.netty.shaded.io.netty.handler.ssl.SslContext tls) {
        this.credentials = token == null ? null : bearer(token);
        this.runs = runs;
        this.assembly = new DispatchAssembly(this::send, runs::dispatch);
        this.rotation = new TargetRotation(targets, start, MIN_BACKOFF_MS, MAX_BACKOFF_MS);
        for (String target : targets) {
            channels.computeIfAbsent(target, address -> channelTo(address, tls));
        }
        this.registration = registration;
        this.registerTimeout = registerTimeout;
    }

    private static io.grpc.ClientInterceptor bearer(String token) {
        io.grpc.Metadata headers = new io.grpc.Metadata();
        headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    private static ManagedChannel channelTo(String target, io.grpc.netty.shaded.io.netty.handler.ssl.SslContext tls) {
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target);
        if (tls == null) {
            builder.usePlaintext();
        } else {
            builder.sslContext(tls); // the address's host must be named in the runtime's certificate
        }
        return builder
                .maxInboundMessageSize(256 * 1024 * 1024)
                // a node frozen or cut off (no RST comes) is left for the next address within 15 s
                .keepAliveTime(10, TimeUnit.SECONDS)
                .keepAliveTimeout(5, TimeUnit.SECONDS)
                // callbacks only complete futures and start virtual threads: run them on the event loop
                .directExecutor()
                .build();
    }

    public void connect() {
        synchronized (sendLock) {
            if (closed) {
                return;
            }
            int current = ++generation;
            reconnecting = false;
            String target = rotation.current();
            log.debug("event=worker_connecting target={}", target);
            WorkerServiceGrpc.WorkerServiceStub stub = WorkerServiceGrpc.newStub(channels.get(target));
            requests = (credentials == null ? stub : stub.withInterceptors(credentials)).connect(new Responses(current));
            requests.onNext(WorkerMessage.newBuilder().setRegister(registration).build());
            registerDeadline = timers.schedule(() -> registerTimedOut(current),
                    registerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The address the stream is connected to or trying now. */
    String target() {
        synchronized (sendLock) {
            return rotation.current();
        }
    }

    private void cancelRegisterDeadline() {
        if (registerDeadline != null) { // null when the first call failed before connect() set it
            registerDeadline.cancel(false);
        }
    }

    private void registerTimedOut(int timedOutGeneration) {
        StreamObserver<WorkerMessage> call;
        synchronized (sendLock) {
            if (timedOutGeneration != generation || connected || reconnecting) {
                return;
            }
            call = requests;
        }
        lost(timedOutGeneration, "no answer to the registration within " + registerTimeout.toMillis() + " ms");
        try {
            call.onError(Status.DEADLINE_EXCEEDED.withDescription("no answer to the registration").asRuntimeException());
        } catch (RuntimeException ignored) {
            // the call ended meanwhile
        }
    }

    public boolean isConnected() {
        return connected;
    }

    CompletableFuture<Ack> append(String runId, long epoch, JournalEntry entry) {
        return append(runId, epoch, entry, 0);
    }

    /** An append carrying the attributes user code set on the operation's span. */
    CompletableFuture<Ack> append(String runId, long epoch, JournalEntry entry, java.util.Map<String, String> spanAttributes) {
        return request(key(runId, epoch, entry.getPosition()), WorkerMessage.newBuilder()
                .setAppend(Append.newBuilder().setRunId(runId).setEpoch(epoch).setEntry(entry)
                        .putAllSpanAttributes(spanAttributes)).build());
    }

    /** An append that also suspends the run until {@code suspendUntilMs} (when > 0). */
    CompletableFuture<Ack> append(String runId, long epoch, JournalEntry entry, long suspendUntilMs) {
        return request(key(runId, epoch, entry.getPosition()), WorkerMessage.newBuilder()
                .setAppend(Append.newBuilder().setRunId(runId).setEpoch(epoch).setEntry(entry)
                        .setSuspendUntilMs(suspendUntilMs)).build());
    }

    CompletableFuture<Ack> attemptFailed(dev.mainstay.protocol.v1.AttemptFailed attempt) {
        return request(key(attempt.getRunId(), attempt.getEpoch(), attempt.getPosition()),
                WorkerMessage.newBuilder().setAttemptFailed(attempt).build());
    }

    /** Tells the runtime to dispatch nothing more to this worker. */
    public void announceDrain() {
        tell(WorkerMessage.newBuilder().setDrain(dev.mainstay.protocol.v1.Drain.getDefaultInstance()).build());
    }

    /** A message answered by the ack of (run, epoch, position). */
    CompletableFuture<Ack> request(WorkerMessage message, String runId, long epoch, int position) {
        return request(key(runId, epoch, position), message);
    }

    /** Fire and forget: no ack; lost with the connection, like the run it belongs to. */
    void tell(WorkerMessage message) {
        send(message);
    }

    CompletableFuture<Ack> complete(Complete complete) {
        return request(key(complete.getRunId(), complete.getEpoch(), 0),
                WorkerMessage.newBuilder().setComplete(complete).build());
    }

    private CompletableFuture<Ack> request(String key, WorkerMessage message) {
        CompletableFuture<Ack> ack = new CompletableFuture<>();
        if (!connected) {
            ack.completeExceptionally(new IllegalStateException("not connected to the runtime"));
            return ack;
        }
        pendingAcks.put(key, ack);
        if (!send(message)) {
            pendingAcks.remove(key);
            ack.completeExceptionally(new IllegalStateException("not connected to the runtime"));
        }
        return ack;
    }

    private final DispatchAssembly assembly;

    private boolean send(WorkerMessage message) {
        synchronized (sendLock) {
            if (!connected || requests == null) {
                return false;
            }
            try {
                requests.onNext(message);
                return true;
            } catch (RuntimeException e) {
                log.debug("event=send_failed error={}", e.toString());
                return false;
            }
        }
    }

    private static String key(String runId, long epoch, int position) {
        return runId + "/" + epoch + "/" + position;
    }

    private final class Responses implements StreamObserver<RuntimeMessage> {
        private final int generation;

        Responses(int generation) {
            this.generation = generation;
        }

        @Override
        public void onNext(RuntimeMessage message) {
            switch (message.getKindCase()) {
                case REGISTERED -> registered(generation, message.getRegistered());
                case DISPATCH -> assembly.dispatched(message.getDispatch());
                case JOURNAL_PAGE -> assembly.page(message.getJournalPage());
                case CANCEL -> {
                    log.info("event=cancel_received runId={} epoch={}", message.getCancel().getRunId(),
                            message.getCancel().getEpoch());
                    runs.cancel(message.getCancel());
                }
                case PAUSE -> {
                    log.info("event=pause_received runId={} epoch={}", message.getPause().getRunId(),
                            message.getPause().getEpoch());
                    runs.pause(message.getPause());
                }
                case WATCH -> runs.watch(message.getWatch());
                case ACK -> {
                    Ack ack = message.getAck();
                    CompletableFuture<Ack> waiting = pendingAcks.remove(key(ack.getRunId(), ack.getEpoch(), ack.getPosition()));
                    if (waiting != null) {
                        waiting.complete(ack);
                    }
                }
                case KIND_NOT_SET -> { }
            }
        }

        @Override
        public void onError(Throwable t) {
            Status.Code code = Status.fromThrowable(t).getCode();
            if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
                // nothing will change by retrying alone: say so loudly, once per refusal
                log.error("event=worker_refused target={} reason=\"{}\"", target(), Status.fromThrowable(t).getDescription());
            } else if (tlsFailure(t) != null) {
                // a certificate refused on either side: retrying alone will not help either
                log.error("event=worker_tls_failed target={} reason=\"{}\"", target(), tlsFailure(t));
            }
            lost(generation, t.getMessage());
        }

        @Override
        public void onCompleted() {
            lost(generation, "the runtime closed the stream");
        }
    }

    /** The TLS error in {@code t}'s causes (the handshake failed), or null. */
    private static String tlsFailure(Throwable t) {
        Throwable tls = t;
        while (tls != null && !(tls instanceof javax.net.ssl.SSLException)) {
            tls = tls.getCause();
        }
        if (tls == null) {
            return null;
        }
        Throwable root = tls; // "General OpenSslEngine problem" hides the certificate error beneath it
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Whether the runtime runs on a test clock (told at registration). */
    boolean testClock() {
        return testClock;
    }

    /** The largest payload of one append or outcome the runtime accepts (told at registration). */
    int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    private void registered(int registeredGeneration, dev.mainstay.protocol.v1.Registered registered) {
        long heartbeatIntervalMs = registered.getHeartbeatIntervalMs();
        String target;
        synchronized (sendLock) {
            if (registeredGeneration != generation || reconnecting) {
                return; // too late: this stream was given up (register timeout)
            }
            if (registered.getMaxPayloadBytes() > 0) {
                maxPayloadBytes = registered.getMaxPayloadBytes();
            }
            testClock = registered.getTestClock();
            connected = true;
            rotation.registered();
            target = rotation.current();
            cancelRegisterDeadline();
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            long interval = Math.max(100, heartbeatIntervalMs);
            heartbeat = timers.scheduleAtFixedRate(() -> send(WorkerMessage.newBuilder()
                    .setHeartbeat(Heartbeat.newBuilder().setInFlight(runs.inFlight())).build()),
                    interval, interval, TimeUnit.MILLISECONDS);
        }
        log.info("event=worker_connected target={} components={}", target, registration.getComponentsCount());
    }

    private void lost(int lostGeneration, String reason) {
        long delay;
        String left;
        String next;
        synchronized (sendLock) {
            if (lostGeneration != generation || reconnecting) {
                return;
            }
            reconnecting = true;
            connected = false;
            requests = null;
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            cancelRegisterDeadline();
            left = rotation.current();
            delay = rotation.failed();
            next = rotation.current();
        }
        // drops the connection (a node that took the stream but hung keeps it otherwise) and the
        // channel's own reconnect backoff, which would outlast ours: the next try connects afresh
        if (!closed) {
            channels.get(left).enterIdle();
        }
        IllegalStateException failure = new IllegalStateException("connection to the runtime lost: " + reason);
        pendingAcks.values().forEach(f -> f.completeExceptionally(failure));
        pendingAcks.clear();
        assembly.clear();
        runs.abandonAll();
        if (!closed) {
            log.info("event=worker_disconnected target={} reason={} next_target={} reconnect_in_ms={}",
                    left, reason, next, delay);
            timers.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        synchronized (sendLock) {
            closed = true;
            connected = false;
            if (requests != null) {
                try {
                    requests.onCompleted();
                } catch (RuntimeException ignored) {
                    // the stream is already gone
                }
            }
        }
        timers.shutdownNow();
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
