package dev.mainstay.examples;

import dev.mainstay.agent.Agent;
import dev.mainstay.agent.Agents;
import dev.mainstay.sdk.Worker;

/**
 * A worker process serving {@link OrderWorkflows}, {@link TripBooking}, {@link PriceQuotes}, the
 * support agent inside a workflow ({@link SupportWorkflows}) and as runs of its own
 * ({@code agent:support}); target from $MAINSTAY_GRPC_TARGET or 127.0.0.1:7677.
 */
public final class ExampleWorker {
    public static void main(String[] args) throws InterruptedException {
        Agent support = SupportAgent.create(SupportAgent.model());
        Worker.Builder builder = Worker.builder().register(new OrderWorkflows()).register(new TripBooking())
                .register(new PriceQuotes()).register(new SupportWorkflows(support));
        Agents.register(builder, support);
        if (args.length > 0) {
            builder.target(args[0]);
        }
        Worker worker = builder.build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "worker-shutdown"));
        worker.awaitShutdown();
    }
}
