package dev.mainstay.e2e;

import dev.mainstay.sdk.Worker;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.math.BigInteger;
import java.time.Duration;

/**
 * A worker process (capacity 1) for the store's limits: a child whose output is a number of 1,200
 * digits (past Jackson's default of 1,000), a run of many steps, and a run that waits for an event.
 */
public final class LimitsWorker {

    @Workflow(name = "digits")
    public BigInteger digits(WorkflowContext ctx) {
        return new BigInteger("7".repeat(1_200));
    }

    @Workflow(name = "digits-parent")
    public int digitsParent(WorkflowContext ctx) {
        return ctx.startChild("digits", null, BigInteger.class).result().toString().length();
    }

    @Workflow(name = "many-steps")
    public int manySteps(WorkflowContext ctx, Integer steps) {
        int sum = 0;
        for (int i = 1; i <= steps; i++) {
            int value = i;
            sum += ctx.step("step-" + i, Integer.class, () -> value);
        }
        return sum;
    }

    /** {@code steps} steps of 100 kB each, then a wait for "go": its re-dispatch carries a journal of many pages. */
    @Workflow(name = "big-steps")
    public long bigSteps(WorkflowContext ctx, Integer steps) {
        long total = 0;
        for (int i = 1; i <= steps; i++) {
            int value = i;
            total += ctx.step("big-" + i, String.class, () -> "x".repeat(100_000) + value).length();
        }
        ctx.awaitEvent("go", String.class, Duration.ofMinutes(10));
        return total;
    }

    /** One step that waits for the file named by its input, then returns 300 kB. */
    @Workflow(name = "gated")
    public int gated(WorkflowContext ctx, String gate) {
        return ctx.step("gated", String.class, () -> {
            while (!java.nio.file.Files.exists(java.nio.file.Path.of(gate))) {
                Thread.sleep(20);
            }
            return "y".repeat(300_000);
        }).length();
    }

    /** A run with a 1 s deadline whose one step takes 30 s (in its thread: nothing durable to wait on). */
    @Workflow(name = "overdue", runTimeoutMs = 1_000)
    public String overdue(WorkflowContext ctx) {
        return ctx.step("slow", String.class, () -> {
            Thread.sleep(30_000);
            return "late";
        });
    }

    @Workflow(name = "waits")
    public String waits(WorkflowContext ctx) {
        return ctx.awaitEvent("go", String.class, Duration.ofMinutes(10)).orElse("timed out");
    }

    public static void main(String[] args) throws Exception {
        Worker worker = Worker.builder().target(args[0]).capacity(1).register(new LimitsWorker()).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }
}
