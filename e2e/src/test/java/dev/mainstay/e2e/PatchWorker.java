package dev.mainstay.e2e;

import dev.mainstay.sdk.Worker;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A worker process for patches: workflow {@code renew} loads an account, scores its risk, and
 * renews it. Started with {@code --patched}, it is the next release of that code: the risk score
 * became a credit check, guarded by {@code ctx.patched("credit-check")}. Each step appends
 * "runId step" to {@code effects.txt} in the run's folder (its input); the step {@code renew} of a
 * run whose folder holds no {@code release} file writes {@code renewing} there and waits for one,
 * so a test can kill the worker while a run is past the patch point.
 *
 * <p>Arguments: target [--patched].
 */
public final class PatchWorker {
    private final boolean patched;

    PatchWorker(boolean patched) {
        this.patched = patched;
    }

    @Workflow(name = "renew")
    public String renew(WorkflowContext ctx, String folder) {
        Path dir = Path.of(folder);
        String account = ctx.step("load-account", String.class, () -> effect(ctx, dir, "load-account"));
        String check;
        if (patched && ctx.patched("credit-check")) {
            check = ctx.step("credit-check", String.class, () -> effect(ctx, dir, "credit-check"));
        } else {
            check = ctx.step("risk-score", String.class, () -> effect(ctx, dir, "risk-score"));
        }
        String renewal = ctx.step("renew", String.class, () -> {
            if (!Files.exists(dir.resolve("release"))) {
                Files.writeString(dir.resolve("renewing"), "" + ProcessHandle.current().pid());
                while (!Files.exists(dir.resolve("release"))) {
                    Thread.sleep(10);
                }
            }
            return effect(ctx, dir, "renew");
        });
        return account + "/" + check + "/" + renewal;
    }

    private static String effect(WorkflowContext ctx, Path dir, String step) throws IOException {
        Files.writeString(dir.resolve("effects.txt"), ctx.runId() + " " + step + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        return step;
    }

    static List<String> effects(Path dir) throws IOException {
        Path file = dir.resolve("effects.txt");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    public static void main(String[] args) throws Exception {
        Worker worker = Worker.builder().target(args[0]).register(new PatchWorker(List.of(args).contains("--patched")))
                .build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }
}
