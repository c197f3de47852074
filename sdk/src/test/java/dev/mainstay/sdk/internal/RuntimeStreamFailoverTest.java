package dev.mainstay.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.protocol.v1.Cancel;
import dev.mainstay.protocol.v1.Dispatch;
import dev.mainstay.protocol.v1.Register;
import dev.mainstay.protocol.v1.Watch;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker's stream against real gRPC servers: it moves to the next address when its node fails. */
class RuntimeStreamFailoverTest {
    static final Duration FAILOVER = Duration.ofSeconds(3);

    final NoRuns runs = new NoRuns();
    FakeRuntimeNode a;
    FakeRuntimeNode b;
    RuntimeStream stream;

    @AfterEach
    void close() {
        if (stream != null) {
            stream.close();
        }
        for (FakeRuntimeNode node : new FakeRuntimeNode[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
    }

    RuntimeStream connect(List<String> targets, Duration registerTimeout) {
        stream = new RuntimeStream(targets, 0, Register.newBuilder().setWorkerId("w1").build(), runs, registerTimeout);
        stream.connect();
        return stream;
    }

    @Test
    void aDeadFirstAddress_isSkipped_andTheWorkerRegistersOnTheLiveOne() {
        b = FakeRuntimeNode.start();
        connect(List.of(FakeRuntimeNode.deadAddress(), b.address()), Duration.ofSeconds(10));

        await().atMost(FAILOVER).until(stream::isConnected);
        assertThat(b.registrations()).isEqualTo(1);
        assertThat(stream.target()).isEqualTo(b.address());
    }

    @Test
    void whenItsNodeStops_theWorkerRegistersOnTheOtherNode() {
        a = FakeRuntimeNode.start();
        b = FakeRuntimeNode.start();
        connect(List.of(a.address(), b.address()), Duration.ofSeconds(10));
        await().atMost(FAILOVER).until(stream::isConnected);
        assertThat(a.registrations()).isEqualTo(1);

        a.stop();

        await().atMost(FAILOVER).until(() -> b.registrations() == 1 && stream.isConnected());
        assertThat(stream.target()).isEqualTo(b.address());
        assertThat(runs.abandoned).hasValue(1);
    }

    @Test
    void whenItsNodeDiesWithoutAWord_theWorkerRegistersOnTheOtherNode() {
        a = FakeRuntimeNode.start();
        b = FakeRuntimeNode.start();
        connect(List.of(a.address(), b.address()), Duration.ofSeconds(10));
        await().atMost(FAILOVER).until(stream::isConnected);

        a.kill();

        await().atMost(FAILOVER).until(() -> b.registrations() == 1 && stream.isConnected());
        assertThat(stream.target()).isEqualTo(b.address());
    }

    @Test
    void aNodeThatNeverAnswersTheRegistration_isLeftAfterTheRegisterTimeout() {
        a = FakeRuntimeNode.hung();
        b = FakeRuntimeNode.start();
        connect(List.of(a.address(), b.address()), Duration.ofMillis(300));

        await().atMost(FAILOVER).until(stream::isConnected);
        assertThat(a.registrations()).isEqualTo(1);
        assertThat(b.registrations()).isEqualTo(1);
        assertThat(stream.target()).isEqualTo(b.address());
    }

    @Test
    void withBothNodesGone_theWorkerKeepsTrying_andRegistersOnTheFirstThatComesBack() {
        a = FakeRuntimeNode.start();
        connect(List.of(a.address(), FakeRuntimeNode.deadAddress()), Duration.ofSeconds(10));
        await().atMost(FAILOVER).until(stream::isConnected);
        String address = a.address();
        a.stop();
        await().atMost(FAILOVER).until(() -> !stream.isConnected());

        // the same port again: the node restarted
        a = FakeRuntimeNode.startAt(address);

        await().atMost(FAILOVER).until(stream::isConnected);
        assertThat(stream.target()).isEqualTo(address);
    }

    @Test
    void anIpv6AddressInBrackets_connects() {
        try {
            b = FakeRuntimeNode.startOnIpv6();
        } catch (RuntimeException e) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e);
        }
        connect(List.of(FakeRuntimeNode.deadAddress(), b.address()), Duration.ofSeconds(10));

        await().atMost(FAILOVER).until(stream::isConnected);
        assertThat(b.address()).startsWith("[::1]:");
        assertThat(b.registrations()).isEqualTo(1);
    }

    static final class NoRuns implements RuntimeStream.Runs {
        final AtomicInteger abandoned = new AtomicInteger();

        @Override
        public void dispatch(Dispatch dispatch) {}

        @Override
        public void cancel(Cancel cancel) {}

        @Override
        public void watch(Watch watch) {}

        @Override
        public void abandonAll() {
            abandoned.incrementAndGet();
        }

        @Override
        public int inFlight() {
            return 0;
        }
    }
}
