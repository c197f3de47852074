package dev.mainstay.sdk.internal;

import dev.mainstay.protocol.v1.Registered;
import dev.mainstay.protocol.v1.RuntimeMessage;
import dev.mainstay.protocol.v1.WorkerMessage;
import dev.mainstay.protocol.v1.WorkerServiceGrpc;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One runtime node as a worker sees it: a real gRPC server on a free local port that answers every
 * Register with Registered (or, when {@code answers} is false, never: a hung node).
 */
public final class FakeRuntimeNode implements AutoCloseable {
    private final Server server;
    private final String host;
    private final boolean answers;
    private final AtomicInteger registrations = new AtomicInteger();
    private final List<StreamObserver<RuntimeMessage>> streams = new CopyOnWriteArrayList<>();

    private FakeRuntimeNode(String host, boolean answers, int port) {
        this.host = host;
        this.answers = answers;
        try {
            this.server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                    .addService(new Service()).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FakeRuntimeNode start() {
        return new FakeRuntimeNode("127.0.0.1", true, 0);
    }

    /** A node on the IPv6 loopback address; its {@link #address()} is {@code [::1]:port}. */
    public static FakeRuntimeNode startOnIpv6() {
        return new FakeRuntimeNode("::1", true, 0);
    }

    /** A node restarted on the address ({@code 127.0.0.1:port}) of one stopped before. */
    public static FakeRuntimeNode startAt(String address) {
        return new FakeRuntimeNode("127.0.0.1", true, Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
    }

    /** A node that takes the stream but never answers the registration. */
    public static FakeRuntimeNode hung() {
        return new FakeRuntimeNode("127.0.0.1", false, 0);
    }

    /** An address where nothing listens (a node that is down): the port of a server already stopped. */
    public static String deadAddress() {
        try (FakeRuntimeNode node = start()) {
            return node.address();
        }
    }

    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + server.getPort();
    }

    /** Registrations this node has answered (or, when hung, received). */
    public int registrations() {
        return registrations.get();
    }

    /** Stops like the runtime does: every stream ends with UNAVAILABLE, then the server goes. */
    public void stop() {
        streams.forEach(stream -> {
            try {
                stream.onError(Status.UNAVAILABLE.withDescription("the runtime is stopping").asRuntimeException());
            } catch (RuntimeException ignored) {
                // that stream ended already
            }
        });
        server.shutdownNow();
    }

    /** Dies without a word: the connections just drop. */
    public void kill() {
        server.shutdownNow();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private final class Service extends WorkerServiceGrpc.WorkerServiceImplBase {
        @Override
        public StreamObserver<WorkerMessage> connect(StreamObserver<RuntimeMessage> responses) {
            streams.add(responses);
            return new StreamObserver<>() {
                @Override
                public void onNext(WorkerMessage message) {
                    if (!message.hasRegister()) {
                        return;
                    }
                    registrations.incrementAndGet();
                    if (answers) {
                        responses.onNext(RuntimeMessage.newBuilder().setRegistered(Registered.newBuilder()
                                .setSessionId("session-" + registrations.get()).setHeartbeatIntervalMs(1_000)).build());
                    }
                }

                @Override
                public void onError(Throwable t) {
                    streams.remove(responses);
                }

                @Override
                public void onCompleted() {
                    streams.remove(responses);
                    try {
                        responses.onCompleted();
                    } catch (RuntimeException ignored) {
                        // cancelled meanwhile
                    }
                }
            };
        }
    }
}
