package dev.mainstay.e2e;

import dev.mainstay.sdk.Misfire;
import dev.mainstay.sdk.Worker;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;

/** A worker process for schedule tests: {@code tick} (started by API schedules) and a declared nightly job. */
public final class ClockWorker {

    @Workflow(name = "tick")
    public String tick(WorkflowContext ctx, String label) {
        return ctx.step("tick", String.class, () -> label + " at " + System.currentTimeMillis());
    }

    @Workflow(name = "nightly", cron = "0 3 * * *", timeZone = "Europe/Paris", misfire = Misfire.FIRE_ONCE)
    public String nightly(WorkflowContext ctx) {
        return "cleaned";
    }

    public static void main(String[] args) throws Exception {
        Worker worker = Worker.builder().target(args[0]).register(new ClockWorker()).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }
}
