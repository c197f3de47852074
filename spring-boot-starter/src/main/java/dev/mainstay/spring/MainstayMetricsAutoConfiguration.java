package dev.mainstay.spring;

import dev.mainstay.sdk.Worker;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The worker's meters ({@link MainstayWorkerMetrics}) when Micrometer is on the classpath; Spring
 * Boot's metrics support binds every {@link MeterBinder} bean to the application's registries.
 */
@AutoConfiguration(after = MainstayAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(Worker.class)
public final class MainstayMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "mainstayWorkerMetrics")
    MeterBinder mainstayWorkerMetrics(Worker worker) {
        return new MainstayWorkerMetrics(worker);
    }
}
