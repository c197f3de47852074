package dev.mainstay.e2e;

import dev.mainstay.sdk.ChildOptions;
import dev.mainstay.sdk.ChildRun;
import dev.mainstay.sdk.Worker;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.time.Duration;

/**
 * A worker process for child-run tests. {@code parent} calls {@code double} (a child awaited by
 * ctx.call), then starts two {@code waiter} children, one required and one detached, and waits for
 * the required one, which waits for the event "go".
 */
public final class FamilyWorker {

    @Workflow(name = "parent")
    public String parent(WorkflowContext ctx, Integer n) {
        int doubled = ctx.call("double", n, Integer.class);
        ChildRun<String> required = ctx.startChild("waiter", "required", String.class);
        ctx.startChild("waiter", "detached", String.class, ChildOptions.detached());
        return doubled + ":" + required.result();
    }

    @Workflow(name = "double")
    public int doubleIt(WorkflowContext ctx, Integer n) {
        return ctx.step("double", Integer.class, () -> n * 2);
    }

    @Workflow(name = "waiter")
    public String waiter(WorkflowContext ctx, String label) {
        return label + " got " + ctx.awaitEvent("go", String.class, Duration.ofMinutes(5)).orElse("nothing");
    }

    public record Job(String customerId, String label) {}

    /** One run at a time per customer: each waits for the event "done". */
    @Workflow(name = "serial", maxConcurrency = 1, concurrencyKey = "customerId")
    public String serial(WorkflowContext ctx, Job job) {
        return job.label() + " " + ctx.awaitEvent("done", String.class, Duration.ofMinutes(5)).orElse("timed out");
    }

    /** Two workflows of one queue, one place between them: each waits for the event "done". */
    @Workflow(name = "welcome-mail", queue = "mail", maxConcurrency = 1)
    public String welcomeMail(WorkflowContext ctx, Job job) {
        return "welcome " + ctx.awaitEvent("done", String.class, Duration.ofMinutes(5)).orElse("timed out");
    }

    @Workflow(name = "invoice-mail", queue = "mail", maxConcurrency = 1)
    public String invoiceMail(WorkflowContext ctx, Job job) {
        return "invoice " + ctx.awaitEvent("done", String.class, Duration.ofMinutes(5)).orElse("timed out");
    }

    public static void main(String[] args) throws Exception {
        Worker worker = Worker.builder().target(args[0]).register(new FamilyWorker()).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }
}
