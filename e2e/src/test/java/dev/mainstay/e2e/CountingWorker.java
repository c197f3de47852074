package dev.mainstay.e2e;

import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import dev.mainstay.sdk.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker process for crash tests. Workflow {@code steps}: N steps, each appends
 * "runId step i" to a side-effect file (synced: a real, countable effect) and returns i * 10.
 * Started with {@code --block-at K}, step K writes a marker file, then waits for a release file,
 * so a test can kill a process while that step is in flight. {@code --rename-step K} gives step K
 * another name: new code, for the non-determinism test.
 *
 * <p>Arguments: target [--block-at K] [--rename-step K] [--capacity N] (runs at once; the SDK's default without it).
 */
public final class CountingWorker {

    public record Plan(String dir, int steps) {}

    private final int blockAt;
    private final int renameStep;

    CountingWorker(int blockAt, int renameStep) {
        this.blockAt = blockAt;
        this.renameStep = renameStep;
    }

    @Workflow(name = "steps")
    public List<Integer> steps(WorkflowContext ctx, Plan plan) {
        Path dir = Path.of(plan.dir());
        List<Integer> results = new ArrayList<>();
        for (int i = 1; i <= plan.steps(); i++) {
            int step = i;
            String name = step == renameStep ? "renamed-" + step : "step-" + step;
            results.add(ctx.step(name, Integer.class, () -> effect(ctx, dir, step)));
        }
        return results;
    }

    /** Workflow {@code fanout}: the same N effects as {@code steps}, all started at once and joined. */
    @Workflow(name = "fanout")
    public List<Integer> fanout(WorkflowContext ctx, Plan plan) {
        Path dir = Path.of(plan.dir());
        List<dev.mainstay.sdk.DurableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 1; i <= plan.steps(); i++) {
            int step = i;
            futures.add(ctx.stepAsync("step-" + step, Integer.class, () -> effect(ctx, dir, step)));
        }
        return ctx.all(futures);
    }

    private int effect(WorkflowContext ctx, Path dir, int step) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("effects.txt"), ctx.runId() + " step " + step + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        if (step == blockAt) {
            Files.writeString(dir.resolve("started-" + step), "" + ProcessHandle.current().pid());
            while (!Files.exists(dir.resolve("release"))) {
                Thread.sleep(10);
            }
        }
        return step * 10;
    }

    public static void main(String[] args) throws Exception {
        int blockAt = intFlag(args, "--block-at");
        int renameStep = intFlag(args, "--rename-step");
        int capacity = intFlag(args, "--capacity");
        Worker.Builder builder = Worker.builder().target(args[0]).register(new CountingWorker(blockAt, renameStep));
        if (capacity > 0) {
            builder.capacity(capacity);
        }
        Worker worker = builder.build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }

    private static int intFlag(String[] args, String flag) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(flag)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return -1;
    }

    static List<String> effects(Path dir) throws IOException {
        Path file = dir.resolve("effects.txt");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

}
