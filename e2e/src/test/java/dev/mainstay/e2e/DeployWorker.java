package dev.mainstay.e2e;

import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import dev.mainstay.sdk.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * A worker of one build, for rolling deploys. Workflow {@code order}: step {@code reserve} (which
 * waits while {@code <dir>/hold} exists, so a run can be kept in flight), then waits for the event
 * {@code approval}, then step {@code ship}. Each step appends "runId step build" to
 * {@code <dir>/effects.txt} and returns the build, so a run's output says which build ran each step.
 *
 * <p>Arguments: target build-id.
 */
public final class DeployWorker {
    private final String build;

    DeployWorker(String build) {
        this.build = build;
    }

    @Workflow(name = "order")
    public String order(WorkflowContext ctx, String dir) {
        Path folder = Path.of(dir);
        String reserved = ctx.step("reserve", String.class, () -> effect(ctx, folder, "reserve"));
        ctx.awaitEvent("approval", String.class, Duration.ofMinutes(10));
        String shipped = ctx.step("ship", String.class, () -> effect(ctx, folder, "ship"));
        return reserved + "/" + shipped;
    }

    private String effect(WorkflowContext ctx, Path dir, String step) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("effects.txt"), ctx.runId() + " " + step + " " + build + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        Files.writeString(dir.resolve("started-" + step), build);
        while (Files.exists(dir.resolve("hold"))) {
            Thread.sleep(10);
        }
        return build;
    }

    static List<String> effects(Path dir) throws IOException {
        Path file = dir.resolve("effects.txt");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    public static void main(String[] args) throws Exception {
        Worker worker = Worker.builder().target(args[0]).buildId(args[1]).workerId("deploy-" + args[1])
                .register(new DeployWorker(args[1])).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }
}
