package dev.mainstay.spring;

import dev.mainstay.sdk.Worker;

/**
 * Changes the auto-configured worker before it is built: a retry policy, a workflow registered in
 * code. Every bean of this type is applied, in {@code @Order}, after the properties and the
 * application's {@code @Workflow} and {@code @Function} beans.
 *
 * <pre>{@code
 * @Bean
 * MainstayWorkerCustomizer retries() {
 *     return worker -> worker.retryPolicy(RetryPolicy.defaults().withMaxAttempts(5));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface MainstayWorkerCustomizer {
    void customize(Worker.Builder worker);
}
