package dev.mainstay.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StepInfo;
import dev.mainstay.sdk.Worker;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import dev.mainstay.testing.TestRuntime;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Closing the application context drains the worker: the step in flight finishes and is journaled,
 * the run is given back rather than failed, and the next application's worker resumes it from its
 * journal without running the finished step again. Real runtime process; two application contexts
 * one after the other, as in a redeploy.
 */
class WorkerDrainIT {
    static final TestRuntime runtime = TestRuntime.launch("spring-drain");
    static final Gate gate = new Gate();

    @AfterAll
    static void stopRuntime() {
        runtime.close();
    }

    /** Holds the first step until the test opens it, and counts the step bodies that ran. */
    static final class Gate {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);
        final AtomicInteger packed = new AtomicInteger();
        final AtomicInteger shipped = new AtomicInteger();
    }

    public static class Shipping {
        @Workflow(name = "ship")
        public String ship(WorkflowContext ctx, String parcel) {
            String packed = ctx.step("pack", String.class, () -> {
                gate.packed.incrementAndGet();
                gate.entered.countDown();
                if (!gate.open.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
                return "packed " + parcel;
            });
            return ctx.step("ship", String.class, () -> {
                gate.shipped.incrementAndGet();
                return packed + ", shipped";
            });
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Shipping shipping() {
            return new Shipping();
        }
    }

    private static ConfigurableApplicationContext application(String workerId) {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("mainstay.url=" + runtime.url(), "mainstay.grpc-target=" + runtime.grpcTarget(),
                        "mainstay.token=" + runtime.token(), "mainstay.worker.id=" + workerId,
                        "mainstay.worker.drain-timeout=30s")
                .run();
    }

    @Test
    void contextClose_drainsTheWorker_andTheNextApplicationResumesTheRun() throws Exception {
        ConfigurableApplicationContext first = application("drain-first");
        MainstayClient client = first.getBean(MainstayClient.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> first.getBean(Worker.class).isConnected());
        RunInfo run = client.start("ship", "p-1");
        assertThat(gate.entered.await(30, TimeUnit.SECONDS)).as("the first step started").isTrue();

        CompletableFuture<Void> closed = CompletableFuture.runAsync(first::close);
        // the drain waits for the step in flight
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !closed.isDone());
        gate.open.countDown();
        closed.get(30, TimeUnit.SECONDS);

        // the step finished during the drain and is journaled; the run was given back, not failed
        assertThat(runtime.journal(run.id())).extracting(StepInfo::name).containsExactly("pack");
        assertThat(runtime.client().run(run.id()).status().isFinal()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.client().workers().isEmpty());

        try (ConfigurableApplicationContext second = application("drain-second")) {
            RunInfo finished = runtime.awaitFinished(run.id());
            assertThat(finished.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(finished.output(String.class)).isEqualTo("packed p-1, shipped");
        }
        assertThat(gate.packed).as("the finished step did not run again").hasValue(1);
        assertThat(gate.shipped).hasValue(1);
    }
}
