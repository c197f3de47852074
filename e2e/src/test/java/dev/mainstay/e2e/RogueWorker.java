package dev.mainstay.e2e;

import com.google.protobuf.ByteString;
import dev.mainstay.protocol.v1.Ack;
import dev.mainstay.protocol.v1.Append;
import dev.mainstay.protocol.v1.Complete;
import dev.mainstay.protocol.v1.Component;
import dev.mainstay.protocol.v1.ComponentKind;
import dev.mainstay.protocol.v1.Dispatch;
import dev.mainstay.protocol.v1.EntryStatus;
import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.protocol.v1.Register;
import dev.mainstay.protocol.v1.Registered;
import dev.mainstay.protocol.v1.RuntimeMessage;
import dev.mainstay.protocol.v1.WorkerMessage;
import dev.mainstay.protocol.v1.WorkerServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A worker written straight against the generated stubs of {@code worker.proto}, not the SDK, so
 * a test can send anything: messages for runs it does not hold, out of order, malformed. It keeps
 * every message the runtime sends and how the stream ended.
 */
final class RogueWorker implements AutoCloseable {
    private final ManagedChannel channel;
    private final StreamObserver<WorkerMessage> requests;
    private final BlockingQueue<RuntimeMessage> inbox = new LinkedBlockingQueue<>();
    private final List<RuntimeMessage> seen = new CopyOnWriteArrayList<>();
    /** Received, not taken by {@link #next} yet. */
    private final java.util.LinkedList<RuntimeMessage> skipped = new java.util.LinkedList<>();
    private final CompletableFuture<Status> ended = new CompletableFuture<>();

    /** A stream to the set's runtime, opened with its admin token. */
    RogueWorker(dev.mainstay.testing.ProcessSet processes) {
        this(processes.grpcTarget(), processes.adminToken());
    }

    /** A stream to {@code target} opened with {@code token} in its metadata (none when null). */
    RogueWorker(String target, String token) {
        channel = NettyChannelBuilder.forTarget(target).usePlaintext().maxInboundMessageSize(64 * 1024 * 1024).build();
        WorkerServiceGrpc.WorkerServiceStub stub = WorkerServiceGrpc.newStub(channel);
        if (token != null) {
            io.grpc.Metadata headers = new io.grpc.Metadata();
            headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            stub = stub.withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        requests = stub.connect(new StreamObserver<>() {
            @Override
            public void onNext(RuntimeMessage message) {
                seen.add(message);
                inbox.add(message);
            }

            @Override
            public void onError(Throwable t) {
                ended.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                ended.complete(Status.OK);
            }
        });
    }

    static Component workflow(String name) {
        return Component.newBuilder().setName(name).setKind(ComponentKind.WORKFLOW).build();
    }

    synchronized void send(WorkerMessage message) {
        requests.onNext(message);
    }

    /** Sends Register and waits for Registered. */
    Registered register(String workerId, int capacity, Component... components) {
        send(WorkerMessage.newBuilder().setRegister(Register.newBuilder().setWorkerId(workerId).setCapacity(capacity)
                .addAllComponents(List.of(components))).build());
        return next(RuntimeMessage::hasRegistered, Duration.ofSeconds(20)).getRegistered();
    }

    Dispatch nextDispatch(Duration timeout) {
        return next(RuntimeMessage::hasDispatch, timeout).getDispatch();
    }

    /** The next ack for (run, epoch, position). */
    Ack ack(String runId, long epoch, int position) {
        return next(m -> m.hasAck() && m.getAck().getRunId().equals(runId) && m.getAck().getEpoch() == epoch
                && m.getAck().getPosition() == position, Duration.ofSeconds(20)).getAck();
    }

    /**
     * The oldest message not taken yet that matches, waiting up to {@code timeout} for one. Messages
     * that do not match stay for later calls: acks and dispatches may come in any order. One reader only.
     */
    RuntimeMessage next(Predicate<RuntimeMessage> matching, Duration timeout) {
        for (var it = skipped.iterator(); it.hasNext(); ) {
            RuntimeMessage message = it.next();
            if (matching.test(message)) {
                it.remove();
                return message;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                RuntimeMessage message = inbox.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                if (message == null) {
                    throw new AssertionError("no matching message within " + timeout + "; stream ended: "
                            + ended.getNow(null) + "; seen: " + seen);
                }
                if (matching.test(message)) {
                    return message;
                }
                skipped.add(message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    List<RuntimeMessage> seen() {
        return List.copyOf(seen);
    }

    /** How the runtime ended the stream (waits up to {@code timeout}). */
    Status awaitEnd(Duration timeout) {
        try {
            return ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the stream did not end within " + timeout, e);
        }
    }

    boolean hasEnded() {
        return ended.isDone();
    }

    // ---- message builders ----

    static WorkerMessage append(String runId, long epoch, int position, String output) {
        return append(runId, epoch, position, ByteString.EMPTY, ByteString.copyFromUtf8(output));
    }

    static WorkerMessage append(String runId, long epoch, int position, ByteString input, ByteString output) {
        long now = System.currentTimeMillis();
        return WorkerMessage.newBuilder().setAppend(Append.newBuilder().setRunId(runId).setEpoch(epoch)
                .setEntry(JournalEntry.newBuilder().setPosition(position).setKind("step").setName("rogue-" + position)
                        .setStatus(EntryStatus.SUCCEEDED).setInput(input).setOutput(output).setAttempt(1)
                        .setStartedAtMs(now).setFinishedAtMs(now))).build();
    }

    static WorkerMessage complete(String runId, long epoch, String output) {
        return WorkerMessage.newBuilder().setComplete(Complete.newBuilder().setRunId(runId).setEpoch(epoch)
                .setOutput(ByteString.copyFromUtf8(output))).build();
    }

    @Override
    public void close() {
        try {
            requests.onCompleted();
        } catch (RuntimeException alreadyEnded) {
            // the runtime ended it first
        }
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
