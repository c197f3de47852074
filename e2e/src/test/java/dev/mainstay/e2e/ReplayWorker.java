package dev.mainstay.e2e;

import dev.mainstay.sdk.CancelledException;
import dev.mainstay.sdk.DurableFuture;
import dev.mainstay.sdk.Function;
import dev.mainstay.sdk.RetryPolicy;
import dev.mainstay.sdk.StepOptions;
import dev.mainstay.sdk.Worker;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * A worker process for replay tests: workflows whose body changes with a flag (new code replaying
 * an old journal), or whose steps block on files so a test can kill the worker at a chosen point.
 *
 * <p>Arguments: target [--changed] [--with-function] [--only-function]. {@code --changed} runs the
 * changed version of each body; {@code --with-function} also registers the function {@code triple};
 * {@code --only-function} registers that function and no workflow.
 */
public final class ReplayWorker {

    public record Job(String dir, String url) {}

    private final boolean changed;

    ReplayWorker(boolean changed) {
        this.changed = changed;
    }

    /** A body that swallows what its steps throw; the changed version renames its first step. */
    @Workflow(name = "swallow")
    public String swallow(WorkflowContext ctx, Job job) {
        String first;
        try {
            first = ctx.step(changed ? "uno" : "one", String.class, () -> "1");
        } catch (RuntimeException e) {
            first = "caught";
        }
        ctx.sleep(Duration.ofSeconds(1));
        return first + ctx.step("two", String.class, () -> "2");
    }

    /** A parallel step cancels the run just before the body sleeps ten minutes; cleanup runs after. */
    @Workflow(name = "cancel-before-sleep")
    public String cancelBeforeSleep(WorkflowContext ctx, Job job) {
        try {
            ctx.stepAsync("cancel-me", String.class, () -> post(job.url() + "/v1/runs/" + ctx.runId() + "/cancel"));
            ctx.sleep(Duration.ofMinutes(10));
            return "slept";
        } catch (CancelledException e) {
            ctx.step("cleanup", String.class, () -> "cleaned");
            throw e;
        }
    }

    /** ctx.call of a function this worker may or may not register, then a step that blocks on a file. */
    @Workflow(name = "caller")
    public String caller(WorkflowContext ctx, Job job) {
        int tripled = ctx.call("triple", 14, Integer.class);
        return tripled + ctx.step("gate", String.class, () -> gate(job, "gate"));
    }

    /**
     * A parallel step whose first attempt fails and whose retry is 8 s later (waited in the step's
     * thread); every attempt appends its start time to "attempts.txt".
     */
    @Workflow(name = "parallel-backoff")
    public String parallelBackoff(WorkflowContext ctx, Job job) {
        RetryPolicy retry = RetryPolicy.defaults().withMaxAttempts(3).withInitialInterval(Duration.ofSeconds(8));
        return ctx.stepAsync("flaky", String.class, StepOptions.defaults().withRetry(retry), () -> {
            Path attempts = Path.of(job.dir()).resolve("attempts.txt");
            Files.writeString(attempts, System.currentTimeMillis() + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            if (Files.readAllLines(attempts).size() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
            return "ok";
        }).await();
    }

    /**
     * A parallel step in flight (blocked on a file) while the next step is journaled; the changed
     * version runs a sequential step into the parallel step's position.
     */
    @Workflow(name = "parallel-gap")
    public String parallelGap(WorkflowContext ctx, Job job) {
        if (changed) {
            String other = ctx.step("other", String.class, () -> "other");
            return other + ctx.step("fast", String.class, () -> "fast");
        }
        DurableFuture<String> slow = ctx.stepAsync("slow", String.class, () -> gate(job, "slow"));
        String fast = ctx.step("fast", String.class, () -> "fast");
        return slow.await() + fast;
    }

    /**
     * A parallel step whose first attempt failed (retried 30 s later, in its thread); the changed
     * version starts a parallel step of another name at that position.
     */
    @Workflow(name = "renamed-retry")
    public String renamedRetry(WorkflowContext ctx, Job job) {
        RetryPolicy retry = RetryPolicy.defaults().withMaxAttempts(3).withInitialInterval(Duration.ofSeconds(30));
        List<DurableFuture<String>> futures = List.of(ctx.stepAsync(changed ? "renamed" : "flaky", String.class,
                StepOptions.defaults().withRetry(retry), () -> {
                    if (!changed) {
                        throw new IllegalStateException("fails");
                    }
                    return "ran";
                }));
        return ctx.all(futures).get(0);
    }

    /**
     * A parallel step that always fails and retries 30 s later, in its thread (writes "backoff" after
     * its first attempt); the body goes on once it gave up, and cleans up when cancelled.
     */
    @Workflow(name = "cancel-during-backoff")
    public String cancelDuringBackoff(WorkflowContext ctx, Job job) {
        RetryPolicy retry = RetryPolicy.defaults().withMaxAttempts(5).withInitialInterval(Duration.ofSeconds(30));
        try {
            String outcome;
            try {
                outcome = ctx.stepAsync("flaky", String.class, StepOptions.defaults().withRetry(retry), () -> {
                    Files.writeString(Path.of(job.dir()).resolve("backoff"), "waiting");
                    throw new IllegalStateException("partner down");
                }).await();
            } catch (dev.mainstay.sdk.StepFailedException gaveUp) {
                outcome = "gave up";
            }
            String result = outcome;
            return ctx.step("after", String.class, () -> result);
        } catch (CancelledException e) {
            ctx.step("cleanup", String.class, () -> "cleaned");
            throw e;
        }
    }

    /** Writes "started-NAME", then waits for "release-NAME": a test kills the worker meanwhile. */
    private static String gate(Job job, String name) throws IOException, InterruptedException {
        Path dir = Path.of(job.dir());
        Files.writeString(dir.resolve("started-" + name), "" + ProcessHandle.current().pid());
        while (!Files.exists(dir.resolve("release-" + name))) {
            Thread.sleep(10);
        }
        return name;
    }

    private static String post(String url) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + System.getenv("MAINSTAY_TOKEN")) // the admin token ProcessSet gives
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            return "cancel answered " + response.statusCode();
        }
    }

    /** The function {@code triple}, registered only by some workers. */
    public static final class Tripler {
        @Function(name = "triple")
        public int triple(int n) {
            return n * 3;
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> flags = List.of(args).subList(1, args.length);
        // one build whatever the flags: these tests replay a run on a worker that registers other
        // components (a function more or less), which the default build id (a digest of the
        // registered classes) would tell apart and pin away from (see BuildsIT)
        Worker.Builder builder = Worker.builder().target(args[0]).buildId("replay-worker");
        if (!flags.contains("--only-function")) {
            builder.register(new ReplayWorker(flags.contains("--changed")));
        }
        if (flags.contains("--with-function") || flags.contains("--only-function")) {
            builder.register(new Tripler());
        }
        Worker worker = builder.build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }
}
