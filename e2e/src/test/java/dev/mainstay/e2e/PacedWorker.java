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

    /** A run of {@code gated} writes {@code started} in {@code dir}, then waits in its step for {@code open} there. */
    public record Gate(String customerId, String dir) {}

    /** One run per hour per customer, whose step waits for a file: a worker can be killed in the middle of it. */
    @Workflow(name = "gated", rateLimit = "1/1h", rateKey = "customerId")
    public String gated(WorkflowContext ctx, Gate gate) {
        ctx.step("wait-for-gate", Boolean.class, () -> {
            java.nio.file.Path dir = java.nio.file.Path.of(gate.dir());
            java.nio.file.Files.writeString(dir.resolve("started"), "yes");
            while (!java.nio.file.Files.exists(dir.resolve("open"))) {
                Thread.sleep(20); // the worker's side effect, not a test's wait
            }
            return true;
        });
        return "through";
    }

    public static void main(String[] args) throws Exception {
        Worker worker = Worker.builder().target(args[0]).capacity(16).register(new PacedWorker()).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }
}
