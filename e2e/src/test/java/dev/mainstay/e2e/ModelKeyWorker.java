package dev.mainstay.e2e;

import dev.mainstay.agent.Agent;
import dev.mainstay.agent.Agents;
import dev.mainstay.agent.Models;
import dev.mainstay.sdk.RetryPolicy;
import dev.mainstay.sdk.Worker;
import java.time.Duration;

/**
 * A worker process with agent {@code assistant} on a real LangChain4j OpenAI model configured from
 * the environment as a user would ({@code MAINSTAY_MODEL_BASE_URL}, {@code MAINSTAY_MODEL_API_KEY}),
 * its failed model calls retried quickly. Arguments: target.
 */
public final class ModelKeyWorker {
    public static void main(String[] args) throws Exception {
        Agent assistant = Agent.builder().name("assistant").model(Models.fromEnvironment())
                .modelRetry(RetryPolicy.defaults().withMaxAttempts(6).withInitialInterval(Duration.ofMillis(50))
                        .withMaxInterval(Duration.ofMillis(200)))
                .build();
        Worker worker = Agents.register(Worker.builder().target(args[0]), assistant).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }
}
