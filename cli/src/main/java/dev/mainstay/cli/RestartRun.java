package dev.mainstay.cli;

import dev.mainstay.sdk.RunInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mainstay runs restart <id> --from N}. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Restart a finished run from a step: a new run with the same input that keeps the journal before"
                + " position N, so those steps do not run again.")
final class RestartRun implements Callable<Integer> {
    @Mixin ApiOptions api;
    @Parameters(index = "0", paramLabel = "RUN_ID") String runId;
    @Option(names = "--from", required = true, paramLabel = "N",
            description = "The first journal position to run again (1: everything; see runs show).") int from;

    @Override
    public Integer call() {
        RunInfo run = api.client().restart(runId, from);
        System.out.println("run " + run.id() + " restarted from run " + runId + " at position " + from);
        return 0;
    }
}
