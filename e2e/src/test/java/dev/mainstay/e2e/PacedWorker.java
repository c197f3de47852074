package dev.mainstay.e2e;

import dev.mainstay.sdk.Worker;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;

/**
 * A worker process for rate-limit tests: {@code paced} begins at most 2 runs per 3 s per
 * {@code customerId} ({@code hourly}: 1 per hour), and returns the wall-clock time its first step ran
 * (when the run began).
 */
public final class PacedWorker {
    public record Job(String customerId, int n) {}

    @Workflow(name = "paced", rateLimit = "2/3s", rateKey = "customerId")
    public long paced(WorkflowContext ctx, Job job) {
        return ctx.step("begin", Long.class, System::currentTimeMillis);
    }

    /** One run per hour per customer: the second waits long enough to be looked at. */
    @Workflow(name = "hourly", rateLimit = "1/1h", rateKey = "customerId")
    public long hourly(WorkflowContext ctx, Job job) {
        return ctx.step("begin", Long.class, System::currentTimeMillis);
    }

    public static void main(String[] args) throws Exception {
        Worker worker = Worker.builder().target(args[0]).capacity(16).register(new PacedWorker()).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }
}
