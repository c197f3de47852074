package dev.mainstay.cli;

import dev.mainstay.sdk.RunInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mainstay runs restart <id> --from N}, or by filters: every finished run they select. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {"Restart a finished run from a step: a new run with the same input that keeps the journal before",
                "position N, so those steps do not run again.",
                "Without RUN_ID: every finished run the filters select that was not restarted before (at most 10,000 a call)."})
final class RestartRun implements Callable<Integer> {
    @Mixin ApiOptions api;
    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID") String runId;
    @Mixin RunFilters filters;
    @Option(names = "--from", required = true, paramLabel = "N",
            description = "The first journal position to run again (1: everything; see runs show).") int from;

    @Override
    public Integer call() {
        if (filters.isBulk(runId)) {
            return filters.bulk(runId, "restarted", "finished", () -> api.client().restartRuns(filters.workflow,
                    filters.status, filters.tag, filters.attributes, from, filters.dryRun));
        }
        RunInfo run = api.client().restart(runId, from);
        System.out.println("run " + run.id() + " restarted from run " + runId + " at position " + from);
        return 0;
    }
}
