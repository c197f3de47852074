package dev.mainstay.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.sdk.Worker;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;

/** A worker process for webhook tests: {@code on-event} returns what it was given, through a step. */
public final class WebhookWorker {

    @Workflow(name = "on-event")
    public String onEvent(WorkflowContext ctx, JsonNode event) {
        return ctx.step("received", String.class, event::toString);
    }

    public static void main(String[] args) throws Exception {
        Worker worker = Worker.builder().target(args[0]).register(new WebhookWorker()).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }
}
