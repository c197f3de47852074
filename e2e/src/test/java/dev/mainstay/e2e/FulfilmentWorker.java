package dev.mainstay.e2e;

import dev.mainstay.sdk.Function;
import dev.mainstay.sdk.Worker;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.time.Duration;
import java.util.List;

/**
 * A worker process for offline replay: a workflow with a step, a durable sleep, an event wait, a
 * local function call and a last step. {@code --changed} (or {@code new FulfilmentWorker(true)} in a
 * test) renames the last step, as a careless deploy would.
 *
 * <p>Arguments: target [--changed].
 */
public final class FulfilmentWorker {
    private final boolean changed;

    FulfilmentWorker(boolean changed) {
        this.changed = changed;
    }

    @Workflow(name = "fulfil")
    public String fulfil(WorkflowContext ctx, String order) {
        String reservation = ctx.step("reserve", String.class, () -> "r-" + order);
        ctx.sleep(Duration.ofSeconds(1)); // longer than the in-worker wait: a durable timer
        boolean approved = ctx.awaitEvent("approved", Boolean.class, Duration.ofMinutes(5)).orElse(false);
        int price = ctx.call("price", order, Integer.class);
        String label = ctx.step(changed ? "ship-parcel" : "ship", String.class, () -> "label-" + order);
        return reservation + "/" + approved + "/" + price + "/" + label;
    }

    @Function(name = "price")
    public int price(String order) {
        return order.length() * 10;
    }

    public static void main(String[] args) throws Exception {
        List<String> flags = List.of(args).subList(1, args.length);
        Worker worker = Worker.builder().target(args[0]).register(new FulfilmentWorker(flags.contains("--changed")))
                .build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }
}
