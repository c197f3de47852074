package dev.mainstay.spring;

import dev.mainstay.agent.Agent;
import dev.mainstay.agent.Agents;
import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.Worker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * A {@link MainstayClient} for the application, and a {@link Worker} serving its beans: every
 * singleton with a public {@code @Workflow} or {@code @Function} method, and every {@code Agent}
 * bean (as {@code agent:<name>}, when mainstay-agent is on the classpath). The worker connects when
 * the context has started and drains when it closes ({@link MainstayWorkerLifecycle}).
 *
 * <p>{@code @Tool} methods need nothing here: they run inside the agent loop of the {@code Agent}
 * they are given to ({@code Agent.builder().tools(toolsBean)}), each call a journaled step of the
 * agent's run.
 *
 * <p>Each bean backs off when the application defines its own: a {@code MainstayClient} or
 * {@code Worker} bean of yours replaces the configured one, and the lifecycle then manages yours.
 */
@AutoConfiguration
@EnableConfigurationProperties(MainstayProperties.class)
public final class MainstayAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MainstayClient mainstayClient(MainstayProperties properties) {
        MainstayClient.Builder client = MainstayClient.builder().url(properties.url());
        if (properties.token() != null) {
            client.token(properties.token());
        }
        if (properties.namespace() != null) {
            client.namespace(properties.namespace());
        }
        if (properties.tlsCa() != null) {
            client.tlsCa(properties.tlsCa());
        }
        return client.build();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "mainstay.worker.enabled", matchIfMissing = true)
    @Conditional(OnWorkerComponents.class)
    Worker mainstayWorker(MainstayProperties properties, ConfigurableListableBeanFactory beans,
                          ObjectProvider<MainstayWorkerCustomizer> customizers) {
        MainstayProperties.WorkerProperties settings = properties.worker();
        Worker.Builder worker = Worker.builder()
                .capacity(settings.capacity())
                .drainTimeout(settings.drainTimeout())
                .inWorkerBackoff(settings.inWorkerBackoff());
        if (properties.grpcTarget() != null) {
            worker.target(properties.grpcTarget());
        }
        if (properties.token() != null) {
            worker.token(properties.token());
        }
        if (properties.namespace() != null) {
            worker.namespace(properties.namespace());
        }
        if (properties.tlsCa() != null) {
            worker.tlsCa(properties.tlsCa());
        }
        if (settings.id() != null) {
            worker.workerId(settings.id());
        }
        WorkflowBeans.instances(beans).forEach(worker::register);
        customizers.orderedStream().forEach(customizer -> customizer.customize(worker));
        return worker.build();
    }

    @Bean
    @ConditionalOnBean(Worker.class)
    @ConditionalOnMissingBean
    MainstayWorkerLifecycle mainstayWorkerLifecycle(Worker worker, MainstayProperties properties) {
        return new MainstayWorkerLifecycle(worker, properties.worker().autoStartup(), properties.worker().drainTimeout());
    }

    /** Agent beans become workflows of the worker ({@code agent:<name>}), when mainstay-agent is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = OnWorkerComponents.AGENT)
    static class AgentRegistration {
        @Bean
        MainstayWorkerCustomizer mainstayAgents(ObjectProvider<Agent> agents) {
            return worker -> agents.orderedStream().forEach(agent -> Agents.register(worker, agent));
        }
    }
}
