package dev.mainstay.e2e;

import dev.mainstay.sdk.Upgrade;
import dev.mainstay.sdk.Worker;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * A worker of one build of workflow {@code migrate}, which upgrades its runs to the newest build
 * ({@code @Workflow(upgrade = LATEST)}). Build v1: step {@code risk-score}, a wait (a durable sleep of
 * {@code sleepMs}, or with 0 the event {@code go}), step {@code finish}. Started with {@code --patched}
 * it is the next release: the risk score became a credit check ({@code ctx.patched("credit-check")},
 * before the wait) and a step {@code notify} was added after the wait ({@code ctx.patched("notify")}).
 * Each step appends "runId step build" to {@code effects.txt} in the run's folder and returns
 * "step@build", so the output says which build ran each step.
 *
 * <p>Arguments: target build-id [--patched].
 */
public final class UpgradeWorker {
    public record Migration(String dir, long sleepMs) {}

    private final String build;
    private final boolean patched;

    UpgradeWorker(String build, boolean patched) {
        this.build = build;
        this.patched = patched;
    }

    @Workflow(name = "migrate", upgrade = Upgrade.LATEST)
    public String migrate(WorkflowContext ctx, Migration input) {
        Path dir = Path.of(input.dir());
        String check = patched && ctx.patched("credit-check") ? step(ctx, dir, "credit-check") : step(ctx, dir, "risk-score");
        if (input.sleepMs() > 0) {
            ctx.sleep(Duration.ofMillis(input.sleepMs()));
        } else {
            ctx.awaitEvent("go", String.class, Duration.ofMinutes(10));
        }
        String notified = patched && ctx.patched("notify") ? step(ctx, dir, "notify") : "-";
        return check + "/" + notified + "/" + step(ctx, dir, "finish");
    }

    private String step(WorkflowContext ctx, Path dir, String name) {
        return ctx.step(name, String.class, () -> {
            Files.writeString(dir.resolve("effects.txt"), ctx.runId() + " " + name + " " + build + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            return name + "@" + build;
        });
    }

    static List<String> effects(Path dir) throws IOException {
        Path file = dir.resolve("effects.txt");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    public static void main(String[] args) throws Exception {
        Worker worker = Worker.builder().target(args[0]).buildId(args[1]).workerId("upgrade-" + args[1])
                .register(new UpgradeWorker(args[1], List.of(args).contains("--patched"))).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }
}
