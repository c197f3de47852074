package dev.mainstay.e2e;

import dev.mainstay.sdk.StepOptions;
import dev.mainstay.sdk.TerminalException;
import dev.mainstay.sdk.Worker;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A worker process for retry tests. Workflow {@code flaky}: one step that appends a line to
 * "executions.txt" on every attempt (a real, countable effect) and fails while fewer than
 * {@code failures} attempts were made; {@code terminal} makes it throw a TerminalException.
 * Retry backoffs are never waited out in the worker (inWorkerBackoff 0): every retry goes through
 * the runtime's durable timer. Arguments: target.
 */
public final class RetryWorker {

    public record Plan(String dir, int failures, boolean terminal) {}

    @Workflow(name = "flaky")
    public String flaky(WorkflowContext ctx, Plan plan) {
        Path executions = Path.of(plan.dir()).resolve("executions.txt");
        return ctx.step("call-partner", String.class, () -> {
            Files.writeString(executions, "attempt\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
            long made = Files.readAllLines(executions).size();
            if (plan.terminal()) {
                throw new TerminalException("partner refused for good");
            }
            if (made <= plan.failures()) {
                throw new IllegalStateException("partner unavailable (attempt " + made + ")");
            }
            return "ok after " + made;
        });
    }

    /**
     * Workflow {@code slow-once}: a step with a 1 s timeout whose first execution takes 4 s and
     * ignores interrupts (writes "slow-finished" when it is done); later executions are fast.
     */
    @Workflow(name = "slow-once")
    public String slowOnce(WorkflowContext ctx, String dir) {
        Path executions = Path.of(dir).resolve("executions.txt");
        return ctx.step("call-slow-partner", String.class,
                StepOptions.defaults().withTimeout(Duration.ofSeconds(1)), () -> {
                    Files.writeString(executions, "attempt\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                            StandardOpenOption.SYNC);
                    if (Files.readAllLines(executions).size() > 1) {
                        return "fast";
                    }
                    long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
                    while (System.nanoTime() < end) {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException ignored) {
                            // a badly behaved step: it finishes anyway, and its late result must be refused
                        }
                    }
                    Files.writeString(Path.of(dir).resolve("slow-finished"), "yes");
                    return "slow";
                });
    }

    /** Workflow {@code nap}: a step, a durable sleep of 2 s, a step; each step appends its name to "executions.txt". */
    @Workflow(name = "nap")
    public String nap(WorkflowContext ctx, String dir) {
        Path executions = Path.of(dir).resolve("executions.txt");
        for (String name : new String[] {"before", "after"}) {
            ctx.step(name, Boolean.class, () -> {
                Files.writeString(executions, name + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.SYNC);
                return true;
            });
            if (name.equals("before")) {
                ctx.sleep(Duration.ofSeconds(2));
            }
        }
        return "rested";
    }

    public record Decision(boolean approved, String by) {}

    /** Workflow {@code approval}: waits up to {@code timeoutMs} for two "decision" events, then reports them. */
    @Workflow(name = "approval")
    public String approval(WorkflowContext ctx, long timeoutMs) {
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            seen.append(ctx.awaitEvent("decision", Decision.class, Duration.ofMillis(timeoutMs))
                    .map(d -> (d.approved() ? "approved by " : "rejected by ") + d.by())
                    .orElse("timed out")).append(i == 0 ? "; " : "");
        }
        return seen.toString();
    }

    /**
     * Workflow {@code cancellable}: a step that waits for a "release" file, then a second step; when
     * cancelled, a cleanup step runs and the cancellation is rethrown.
     */
    @Workflow(name = "cancellable")
    public String cancellable(WorkflowContext ctx, String dir) {
        ctx.step("work", Boolean.class, () -> {
            Files.writeString(Path.of(dir).resolve("working"), "yes");
            while (!Files.exists(Path.of(dir).resolve("release"))) {
                Thread.sleep(10);
            }
            return true;
        });
        try {
            return ctx.step("more-work", String.class, () -> "finished");
        } catch (dev.mainstay.sdk.CancelledException cancelled) {
            ctx.step("cleanup", Boolean.class, () -> Files.exists(Path.of(dir).resolve("working")));
            throw cancelled;
        }
    }

    /** Workflow {@code refund}: asks a human to approve a refund (kind APPROVAL), waits up to a minute. */
    @Workflow(name = "refund")
    public String refund(WorkflowContext ctx) {
        return ctx.awaitInput("approve-refund", dev.mainstay.sdk.InputRequest.approval("Refund 120 EUR to order 1001?"),
                        Duration.ofMinutes(1))
                .map(approved -> approved ? "refunded" : "refused")
                .orElse("no answer");
    }

    /** Workflow {@code endless}: a run timeout of 1.5 s, and a step that takes 30 s. */
    @Workflow(name = "endless", runTimeoutMs = 1_500)
    public String endless(WorkflowContext ctx) {
        return ctx.step("forever", String.class, () -> {
            Thread.sleep(30_000);
            return "never";
        });
    }

    /** Arguments: target [capacity]. */
    public static void main(String[] args) throws Exception {
        int capacity = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Worker worker = Worker.builder().target(args[0]).inWorkerBackoff(Duration.ZERO).capacity(capacity)
                .register(new RetryWorker()).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }

    static long executions(Path dir) throws Exception {
        Path file = dir.resolve("executions.txt");
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }
}
