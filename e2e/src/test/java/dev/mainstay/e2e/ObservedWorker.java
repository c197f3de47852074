package dev.mainstay.e2e;

import dev.mainstay.sdk.RetryPolicy;
import dev.mainstay.sdk.StepOptions;
import dev.mainstay.sdk.TerminalException;
import dev.mainstay.sdk.Worker;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker process for the observability tests. {@code onboarding}: a step that fails on its first
 * attempt (per user, counted in this process), a wait for the event "approval", a last step.
 * {@code greet}: one step. {@code doomed}: a step that fails for good. Arguments: target.
 */
public final class ObservedWorker {
    private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    private static final StepOptions FAST_RETRY = StepOptions.defaults()
            .withRetry(RetryPolicy.defaults().withMaxAttempts(3).withInitialInterval(Duration.ofMillis(200)));

    public record Signup(String user, String tenant) {}

    public record Approval(boolean approved, String by) {}

    @Workflow(name = "onboarding")
    public String onboarding(WorkflowContext ctx, Signup signup) {
        ctx.span().setAttribute("tenant.id", signup.tenant());
        String profile = ctx.step("fetch-profile", String.class, FAST_RETRY, () -> {
            io.opentelemetry.api.trace.Span.current().setAttribute("profile.source", "crm");
            org.slf4j.LoggerFactory.getLogger(ObservedWorker.class).info("fetching the profile of {}", signup.user());
            if (ATTEMPTS.computeIfAbsent(signup.user(), u -> new AtomicInteger()).incrementAndGet() == 1) {
                throw new IllegalStateException("profile service unavailable for " + signup.user());
            }
            return "profile of " + signup.user();
        });
        Optional<Approval> approval = ctx.awaitEvent("approval", Approval.class, Duration.ofMinutes(5));
        return ctx.step("activate", String.class, () -> approval.filter(Approval::approved)
                .map(a -> profile + " activated by " + a.by()).orElse(profile + " not approved"));
    }

    /** A step that writes live output, a line every 200 ms, until the file named by its input exists. */
    @Workflow(name = "typing")
    public String typing(WorkflowContext ctx, String releaseFile) {
        return ctx.step("write", String.class, () -> {
            int lines = 0;
            while (!java.nio.file.Files.exists(java.nio.file.Path.of(releaseFile)) && lines < 300) {
                ctx.progress("line " + ++lines + "\n");
                Thread.sleep(200);
            }
            return lines + " lines";
        });
    }

    @Workflow(name = "greet")
    public String greet(WorkflowContext ctx, String name) {
        return ctx.step("say-hello", String.class, () -> "hello " + name);
    }

    @Workflow(name = "doomed")
    public String doomed(WorkflowContext ctx, String name) {
        return ctx.step("refuse", String.class, () -> {
            throw new TerminalException("no way for " + name);
        });
    }

    public static void main(String[] args) throws Exception {
        Worker worker = Worker.builder().target(args[0]).register(new ObservedWorker()).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }
}
