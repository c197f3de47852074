package dev.mainstay.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mainstay.sdk.internal.FakeRuntimeNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code Worker.builder().target(...)} with the addresses of several runtime nodes. */
class WorkerTargetsTest {
    static class Greeter {
        @Workflow
        public String greet(WorkflowContext ctx, String name) {
            return "hello " + name;
        }
    }

    @Test
    void aWorkerGivenADeadAndALiveAddress_registersOnTheLiveOne() {
        try (FakeRuntimeNode live = FakeRuntimeNode.start();
                Worker worker = Worker.builder().target(FakeRuntimeNode.deadAddress() + ", " + live.address())
                        .drainTimeout(Duration.ZERO).register(new Greeter()).build().start()) {
            await().atMost(Duration.ofSeconds(3)).until(worker::isConnected);
            assertThat(live.registrations()).isEqualTo(1);
        }
    }

    @Test
    void targetsTakesAList() {
        try (FakeRuntimeNode live = FakeRuntimeNode.start();
                Worker worker = Worker.builder().targets(List.of(FakeRuntimeNode.deadAddress(), live.address()))
                        .drainTimeout(Duration.ZERO).register(new Greeter()).build().start()) {
            await().atMost(Duration.ofSeconds(3)).until(worker::isConnected);
        }
    }

    @Test
    void aBadEntry_isRejectedAtOnce_namingIt() {
        assertThatThrownBy(() -> Worker.builder().target("a:7677,b7677"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target 'a:7677,b7677': entry 2 'b7677' has no port; use host:port, e.g. 127.0.0.1:7677");
        assertThatThrownBy(() -> Worker.builder().targets(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("targets was ''");
    }
}
