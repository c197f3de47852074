package dev.mainstay.e2e;

import dev.mainstay.sdk.TerminalException;
import dev.mainstay.sdk.Worker;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A worker process whose workflow {@code leaky} handles secrets, for the redaction tests: step
 * {@code login} writes live output naming an API key (and a long line) until the file named by the
 * input exists, then returns tokens; step {@code charge} fails with a password in its message.
 * Every secret holds the word SECRET, so a test can look for any of them. Arguments: target.
 */
public final class SecretsWorker {

    @Workflow(name = "leaky")
    public String leaky(WorkflowContext ctx, String releaseFile) {
        Map<?, ?> login = ctx.step("login", Map.class, () -> {
            int lines = 0;
            while (!Files.exists(Path.of(releaseFile)) && lines < 300) {
                ctx.progress("using apiKey=ak-SECRET-3 " + "x".repeat(5_000) + " line " + ++lines + "\n");
                Thread.sleep(200);
            }
            return Map.of("accessToken", "tok-SECRET-1", "client_secret", "cs-SECRET-2", "user", "ada");
        });
        return ctx.step("charge", String.class, () -> {
            throw new TerminalException("card declined for " + login.get("user") + " with password=pw-SECRET-4");
        });
    }

    public static void main(String[] args) throws Exception {
        Worker worker = Worker.builder().target(args[0]).register(new SecretsWorker()).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }
}
