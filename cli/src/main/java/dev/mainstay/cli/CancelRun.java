package dev.mainstay.cli;

import dev.mainstay.sdk.RunInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mainstay runs cancel <id>}. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel a run: at once if it waits, else at its next step (cleanup steps still run).")
final class CancelRun implements Callable<Integer> {
    @Mixin ApiOptions api;
    @Parameters(index = "0", paramLabel = "RUN_ID") String runId;

    @Override
    public Integer call() {
        RunInfo run = api.client().cancel(runId);
        System.out.println(run.status() == dev.mainstay.sdk.RunStatus.CANCELLED
                ? "run " + runId + " CANCELLED"
                : "run " + runId + " is " + run.status() + ": cancellation requested; it ends CANCELLED after its cleanup");
        return 0;
    }
}
