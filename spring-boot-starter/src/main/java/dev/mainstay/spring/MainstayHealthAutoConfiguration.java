package dev.mainstay.spring;

import dev.mainstay.sdk.Worker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The worker's {@link MainstayHealthIndicator} ({@code mainstay} in the health endpoint), when the
 * application has Spring Boot's health support (spring-boot-health, which the actuator brings);
 * {@code management.health.mainstay.enabled=false} turns it off.
 */
@AutoConfiguration(after = MainstayAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Worker.class)
public final class MainstayHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "mainstayHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("mainstay")
    HealthIndicator mainstayHealthIndicator(Worker worker, ObjectProvider<MainstayWorkerLifecycle> lifecycle) {
        return new MainstayHealthIndicator(worker, lifecycle.getIfAvailable());
    }
}
