package dev.mainstay.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.sdk.Worker;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;

/**
 * A worker process for webhook tests: {@code on-event} returns what it was given, through a step;
 * {@code order} waits for the event {@code paid}.
 */
public final class WebhookWorker {

    @Workflow(name = "on-event")
    public String onEvent(WorkflowContext ctx, JsonNode event) {
        return ctx.step("received", String.class, event::toString);
    }

    /** An order waits for its payment: a correlating webhook delivers it as the event {@code paid}. */
    @Workflow(name = "order")
    public String order(WorkflowContext ctx, JsonNode order) {
        JsonNode paid = ctx.awaitEvent("paid", JsonNode.class, java.time.Duration.ofMinutes(10)).orElseThrow();
        return ctx.step("ship", String.class, () -> "shipped after " + paid.path("data").path("amount").asInt());
    }

    public static void main(String[] args) throws Exception {
        Worker worker = Worker.builder().target(args[0]).register(new WebhookWorker()).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }
}
