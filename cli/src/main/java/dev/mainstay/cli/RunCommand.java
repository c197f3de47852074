package dev.mainstay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.StartOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mainstay run <workflow>}: starts a run, optionally waits for its result. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Start a run of a workflow (or --function).")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "Name of the workflow (or function).")
    String name;

    @Option(names = "--input", defaultValue = "null", description = "Input as JSON (default ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--idempotency-key", description = "A second start with this key returns the first run.")
    String idempotencyKey;

    @Option(names = "--priority", defaultValue = "0", paramLabel = "N",
            description = "-1000 to 1000 (default 0): when runs wait for a worker, higher ones go first.")
    int priority;

    @Option(names = "--debounce", paramLabel = "DURATION",
            description = "Wait this long (5s, 500ms) after the last start with --debounce-key; each such start"
                    + " replaces the waiting run's input instead of starting another.")
    String debounce;

    @Option(names = "--debounce-key", paramLabel = "KEY", description = "The key the debounced starts share.")
    String debounceKey;

        @Option(names = "--function", description = "Invoke a @Function instead of a @Workflow.")
    boolean function;

    @Option(names = "--wait", arity = "0..1", fallbackValue = "60", paramLabel = "SECONDS",
            description = "Wait for the result (default 60 s when given without a value).")
    Long waitSeconds;

    @Override
    public Integer call() {
        JsonNode parsed;
        try {
            parsed = Output.JSON.readTree(input);
        } catch (Exception e) {
            throw new IllegalArgumentException("--input is not valid JSON: " + e.getMessage());
        }
        MainstayClient client = api.client();
        StartOptions options = StartOptions.defaults().withIdempotencyKey(idempotencyKey).withPriority(priority);
        if (debounce != null || debounceKey != null) {
            if (debounce == null || debounceKey == null) {
                throw new IllegalArgumentException("--debounce and --debounce-key go together");
            }
            options = options.withDebounce(dev.mainstay.gateway.GatewayLimits.parseDuration("--debounce", debounce), debounceKey);
        }
        RunInfo run = function ? client.invoke(name, parsed, options) : client.start(name, parsed, options);
        System.out.println("run " + run.id() + " " + run.status());
        if (waitSeconds == null) {
            System.out.println("see it: mainstay runs show " + run.id());
            return 0;
        }
        RunInfo finished = client.await(run.id(), Duration.ofSeconds(waitSeconds));
        System.out.println(Output.summary(finished));
        return switch (finished.status()) {
            case COMPLETED -> 0;
            case FAILED -> 1;
            default -> 3;
        };
    }
}
