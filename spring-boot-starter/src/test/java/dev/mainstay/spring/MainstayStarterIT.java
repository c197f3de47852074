package dev.mainstay.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import dev.mainstay.testing.TestRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter in a Spring Boot application against a real runtime process (embedded SQLite in a
 * temporary folder): a run started through the injected client runs on the auto-configured worker,
 * whose collaborators are ordinary injected beans; health and meters follow the worker.
 */
@SpringBootTest(classes = MainstayStarterIT.App.class,
        properties = {"mainstay.worker.capacity=7", "mainstay.worker.id=starter-it"})
@DirtiesContext
class MainstayStarterIT {
    static final TestRuntime runtime = TestRuntime.launch("spring-starter");

    @DynamicPropertySource
    static void mainstay(DynamicPropertyRegistry properties) {
        properties.add("mainstay.url", runtime::url);
        properties.add("mainstay.grpc-target", runtime::grpcTarget);
        properties.add("mainstay.token", runtime::token);
    }

    @AfterAll
    static void stopRuntime() {
        runtime.close();
    }

    /** An injected collaborator: keeps whom it greeted, one entry per step body that really ran. */
    public static class Greeter {
        final List<String> greeted = new CopyOnWriteArrayList<>();

        String hello(String name) {
            greeted.add(name);
            return "hello " + name;
        }
    }

    public static class Greetings {
        private final Greeter greeter;

        public Greetings(Greeter greeter) {
            this.greeter = greeter;
        }

        @Workflow(name = "greet")
        public String greet(WorkflowContext ctx, String name) {
            String hello = ctx.step("hello", String.class, () -> greeter.hello(name));
            return ctx.step("shout", String.class, hello::toUpperCase);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Greeter greeter() {
            return new Greeter();
        }

        @Bean
        Greetings greetings(Greeter greeter) {
            return new Greetings(greeter);
        }
    }

    @Autowired MainstayClient client;
    @Autowired Greeter greeter;
    @Autowired MeterRegistry meters;
    @Autowired @Qualifier("mainstayHealthIndicator") HealthIndicator health;

    @Test
    void runStartedThroughTheClient_completesOnTheAutoConfiguredWorker() {
        RunInfo run = client.start("greet", "ada");

        RunInfo finished = client.await(run.id(), TestRuntime.TIMEOUT);

        assertThat(finished.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(finished.output(String.class)).isEqualTo("HELLO ADA");
        assertThat(runtime.stepNames(run.id())).containsExactly("hello", "shout");
        assertThat(greeter.greeted).containsOnlyOnce("ada");
        assertThat(client.workers()).singleElement().satisfies(worker -> {
            assertThat(worker.workerId()).isEqualTo("starter-it");
            assertThat(worker.components()).containsExactly("greet");
            assertThat(worker.capacity()).isEqualTo(7);
        });
    }

    @Test
    void health_isUpOnceTheWorkerIsRegistered() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(health.health().getStatus()).isEqualTo(Status.UP));
        assertThat(health.health().getDetails()).containsEntry("workerId", "starter-it").containsEntry("capacity", 7);
    }

    @Test
    void meters_showTheConnectedWorkerAndItsDispatches() {
        RunInfo run = client.start("greet", "grace");
        client.await(run.id(), TestRuntime.TIMEOUT);

        assertThat(meters.get("mainstay.worker.connected").tag("worker.id", "starter-it").gauge().value()).isEqualTo(1);
        assertThat(meters.get("mainstay.worker.capacity").gauge().value()).isEqualTo(7);
        assertThat(meters.get("mainstay.worker.dispatches").functionCounter().count()).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(meters.get("mainstay.worker.runs.active").gauge().value()).isZero());
    }
}
