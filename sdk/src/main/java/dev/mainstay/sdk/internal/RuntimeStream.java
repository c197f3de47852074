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
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
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
 * epoch) and the stream reconnects with capped exponential backoff with jitter.
 */
public final class RuntimeStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RuntimeStream.class);
    private static final long MIN_BACKOFF_MS = 100;
    /**
     * A restarted runtime listens about 2 s after its start; a longer wait than this between tries
     * would add itself to every recovery, while a refused connection costs the runtime nothing.
     */
    private static final long MAX_BACKOFF_MS = 1_000;

    private final ManagedChannel channel;
    private final Register registration;
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
    private long backoffMs = MIN_BACKOFF_MS;
    private ScheduledFuture<?> heartbeat;
    private volatile boolean connected;
    private volatile int maxPayloadBytes = Integer.MAX_VALUE;
    private volatile boolean closed;

    /** What the runtime tells this worker about its runs (implemented by {@link RunExecutions}). */
    public interface Runs {
        void dispatch(Dispatch dispatch);

        void cancel(dev.mainstay.protocol.v1.Cancel cancel);

        void watch(dev.mainstay.protocol.v1.Watch watch);

        /** The connection dropped: the runtime re-dispatches every run under a new epoch. */
        void abandonAll();

        int inFlight();
    }

    public RuntimeStream(String target, Register registration, Runs runs) {
        this.runs = runs;
        this.assembly = new DispatchAssembly(this::send, runs::dispatch);
        this.channel = NettyChannelBuilder.forTarget(target)
                .usePlaintext()
                .maxInboundMessageSize(256 * 1024 * 1024)
                .keepAliveTime(30, TimeUnit.SECONDS)
                // callbacks only complete futures and start virtual threads: run them on the event loop
                .directExecutor()
                .build();
        this.registration = registration;
    }

    public void connect() {
        synchronized (sendLock) {
            if (closed) {
                return;
            }
            int current = ++generation;
            requests = WorkerServiceGrpc.newStub(channel).connect(new Responses(current));
            requests.onNext(WorkerMessage.newBuilder().setRegister(registration).build());
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
                case REGISTERED -> registered(message.getRegistered());
                case DISPATCH -> assembly.dispatched(message.getDispatch());
                case JOURNAL_PAGE -> assembly.page(message.getJournalPage());
                case CANCEL -> runs.cancel(message.getCancel());
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
            lost(generation, t.getMessage());
        }

        @Override
        public void onCompleted() {
            lost(generation, "the runtime closed the stream");
        }
    }

    /** The largest payload of one append or outcome the runtime accepts (told at registration). */
    int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    private void registered(dev.mainstay.protocol.v1.Registered registered) {
        long heartbeatIntervalMs = registered.getHeartbeatIntervalMs();
        if (registered.getMaxPayloadBytes() > 0) {
            maxPayloadBytes = registered.getMaxPayloadBytes();
        }
        synchronized (sendLock) {
            connected = true;
            backoffMs = MIN_BACKOFF_MS;
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            long interval = Math.max(100, heartbeatIntervalMs);
            heartbeat = timers.scheduleAtFixedRate(() -> send(WorkerMessage.newBuilder()
                    .setHeartbeat(Heartbeat.newBuilder().setInFlight(runs.inFlight())).build()),
                    interval, interval, TimeUnit.MILLISECONDS);
        }
        log.info("event=worker_connected components={}", registration.getComponentsCount());
    }

    private void lost(int lostGeneration, String reason) {
        long delay;
        synchronized (sendLock) {
            if (lostGeneration != generation) {
                return;
            }
            connected = false;
            requests = null;
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            delay = ThreadLocalRandom.current().nextLong(backoffMs / 2, backoffMs + 1);
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        }
        IllegalStateException failure = new IllegalStateException("connection to the runtime lost: " + reason);
        pendingAcks.values().forEach(f -> f.completeExceptionally(failure));
        pendingAcks.clear();
        assembly.clear();
        runs.abandonAll();
        if (!closed) {
            log.info("event=worker_disconnected reason={} reconnect_in_ms={}", reason, delay);
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
        channel.shutdownNow();
    }
}
