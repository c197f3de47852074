package dev.mainstay.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.mainstay.agent.Agent;
import dev.mainstay.agent.ScriptedChatModel;
import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.Worker;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the auto-configuration makes of an application, without a runtime: the worker is never
 * started here ({@code auto-startup=false}), except where a test says so.
 */
class MainstayAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MainstayAutoConfiguration.class,
                    MainstayHealthAutoConfiguration.class, MainstayMetricsAutoConfiguration.class))
            .withPropertyValues("mainstay.worker.auto-startup=false", "mainstay.grpc-target=127.0.0.1:1");

    public static class Greetings {
        @Workflow(name = "greet")
        public String greet(WorkflowContext ctx, String name) {
            return "hello " + name;
        }
    }

    public static class Plain {
        public String hello() {
            return "not a workflow";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WithWorkflow {
        @Bean
        Greetings greetings() {
            return new Greetings();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WithoutWorkflow {
        @Bean
        Plain plain() {
            return new Plain();
        }
    }

    @Test
    void workflowBean_getsAWorkerWithTheProperties() {
        runner.withUserConfiguration(WithWorkflow.class)
                .withPropertyValues("mainstay.worker.capacity=7", "mainstay.worker.id=orders-1")
                .run(context -> {
                    assertThat(context).hasSingleBean(Worker.class).hasSingleBean(MainstayClient.class)
                            .hasSingleBean(MainstayWorkerLifecycle.class);
                    Worker worker = context.getBean(Worker.class);
                    assertThat(worker.capacity()).isEqualTo(7);
                    assertThat(worker.workerId()).isEqualTo("orders-1");
                    assertThat(context.getBean(MainstayWorkerLifecycle.class).isRunning()).isFalse();
                });
    }

    @Test
    void noWorkflowBean_getsAClientAndNoWorker() {
        runner.withUserConfiguration(WithoutWorkflow.class).run(context -> {
            assertThat(context).hasSingleBean(MainstayClient.class)
                    .doesNotHaveBean(Worker.class)
                    .doesNotHaveBean(MainstayWorkerLifecycle.class)
                    .doesNotHaveBean("mainstayHealthIndicator")
                    .doesNotHaveBean("mainstayWorkerMetrics");
        });
    }

    @Test
    void agentBeanAlone_getsAWorkerThatServesIt() {
        Agent support = Agent.builder().name("support").instructions("Help with orders.")
                .model(ScriptedChatModel.replies(AiMessage.from("hello"))).build();
        // the SDK refuses to build a worker with nothing registered: it built, so the agent is served
        runner.withBean(Agent.class, () -> support)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Worker.class));
    }

    @Test
    void workerDisabled_getsNoWorker() {
        runner.withUserConfiguration(WithWorkflow.class).withPropertyValues("mainstay.worker.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(MainstayClient.class).doesNotHaveBean(Worker.class));
    }

    @Test
    void capacityBelowOne_failsNamingTheProperty() {
        runner.withUserConfiguration(WithWorkflow.class).withPropertyValues("mainstay.worker.capacity=0")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("mainstay.worker.capacity was 0"));
    }

    @Test
    void blankUrl_failsNamingTheProperty() {
        runner.withUserConfiguration(WithoutWorkflow.class).withPropertyValues("mainstay.url= ")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("mainstay.url is blank"));
    }

    @Test
    void proxiedWorkflowBean_isServedThroughItsTarget() {
        runner.withBean("greetings", Greetings.class, () -> {
            ProxyFactory proxy = new ProxyFactory(new Greetings());
            proxy.setProxyTargetClass(true);
            return (Greetings) proxy.getProxy();
        }).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Worker.class);
            assertThat(WorkflowBeans.instances(context.getBeanFactory())).singleElement().isExactlyInstanceOf(Greetings.class);
        });
    }

    @Test
    void applicationsOwnWorker_isUsedAndManaged() {
        Worker own = Worker.builder().target("127.0.0.1:1").workerId("own").register(new Greetings()).build();
        runner.withUserConfiguration(WithWorkflow.class).withBean(Worker.class, () -> own).run(context -> {
            assertThat(context.getBean(Worker.class)).isSameAs(own);
            assertThat(context).hasSingleBean(MainstayWorkerLifecycle.class);
        });
    }

    @Test
    void customizers_changeTheWorkerBeforeItIsBuilt() {
        runner.withUserConfiguration(WithoutWorkflow.class)
                .withBean(MainstayWorkerCustomizer.class, () -> worker -> worker.workerId("customized"))
                .withUserConfiguration(WithWorkflow.class)
                .run(context -> assertThat(context.getBean(Worker.class).workerId()).isEqualTo("customized"));
    }

    @Test
    void health_isOutOfServiceBeforeStart_andDownWhileNotRegistered() {
        runner.withUserConfiguration(WithWorkflow.class).run(context -> {
            HealthIndicator health = context.getBean("mainstayHealthIndicator", HealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

            context.getBean(MainstayWorkerLifecycle.class).start();   // port 1: nothing answers there
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.health().getDetails()).containsEntry("capacity", 1000).containsKey("workerId");
        });
    }

    @Test
    void healthIndicator_canBeTurnedOff() {
        runner.withUserConfiguration(WithWorkflow.class).withPropertyValues("management.health.mainstay.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("mainstayHealthIndicator"));
    }

    @Test
    void metrics_readTheWorker() {
        runner.withUserConfiguration(WithWorkflow.class).withPropertyValues("mainstay.worker.capacity=9").run(context -> {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getBean("mainstayWorkerMetrics", MeterBinder.class).bindTo(registry);
            assertThat(registry.get("mainstay.worker.capacity").gauge().value()).isEqualTo(9);
            assertThat(registry.get("mainstay.worker.connected").gauge().value()).isZero();
            assertThat(registry.get("mainstay.worker.runs.active").gauge().value()).isZero();
            assertThat(registry.get("mainstay.worker.dispatches").functionCounter().count()).isZero();
        });
    }

    @Test
    void drainedLifecycle_refusesToStartAgain() {
        runner.withUserConfiguration(WithWorkflow.class).run(context -> {
            MainstayWorkerLifecycle lifecycle = context.getBean(MainstayWorkerLifecycle.class);
            lifecycle.start();
            lifecycle.stop();
            assertThat(lifecycle.isRunning()).isFalse();
            org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(lifecycle::start)
                    .withMessageContaining("was drained");
        });
    }
}
