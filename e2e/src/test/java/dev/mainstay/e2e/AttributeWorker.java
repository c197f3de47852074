package dev.mainstay.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.sdk.Worker;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.time.Duration;
import java.time.Instant;

/**
 * A worker process for search attributes: {@code invoice} sets its attributes from its input
 * ({@code customer}, {@code amount}, {@code express}, {@code due}), waits for the event {@code paid}
 * (so a test finds it live, and its replay after the event sets them all again), then marks itself
 * {@code stage=paid}, overwriting {@code stage=open}.
 */
public final class AttributeWorker {

    @Workflow(name = "invoice")
    public String invoice(WorkflowContext ctx, JsonNode input) {
        ctx.setAttribute("customer", input.path("customer").asText());
        ctx.setAttribute("amount", input.path("amount").asLong());
        ctx.setAttribute("express", input.path("express").asBoolean());
        ctx.setAttribute("due", Instant.parse(input.path("due").asText()));
        ctx.setAttribute("stage", "open");
        ctx.awaitEvent("paid", JsonNode.class, Duration.ofMinutes(10)).orElseThrow();
        ctx.setAttribute("stage", "paid");
        return "paid";
    }

    public static void main(String[] args) throws Exception {
        Worker worker = Worker.builder().target(args[0]).register(new AttributeWorker()).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }
}
