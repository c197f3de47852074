package dev.mainstay.cli;

import dev.mainstay.sdk.BulkCancelResult;
import dev.mainstay.sdk.RunInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mainstay runs cancel <id>}, or {@code mainstay runs cancel --workflow W --status S --tag T [--dry-run]}. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancel a run: at once if it waits, else at its next step (cleanup steps still run).",
                "Without RUN_ID: every live run the filters select (at least one of them; at most 10,000 a call)."})
final class CancelRun implements Callable<Integer> {
    @Mixin ApiOptions api;
    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID") String runId;
    @Mixin RunFilters filters;

    @Override
    public Integer call() {
        String problem = filters.problemWith(runId);
        if (problem != null) {
            System.err.println(problem);
            return 2;
        }
        if (runId == null) {
            BulkCancelResult result = api.client().cancelRuns(filters.workflow, filters.status, filters.tag, filters.attributes,
                    filters.dryRun);
            System.out.println(filters.dryRun ? result.matched() + " live runs match; none cancelled (dry run)"
                    : "cancelled " + result.cancelled() + " of " + result.matched() + " matching live runs"
                    + (result.more() ? "; more match: run it again" : ""));
            return 0;
        }
        RunInfo run = api.client().cancel(runId);
        System.out.println(run.status() == dev.mainstay.sdk.RunStatus.CANCELLED
                ? "run " + runId + " CANCELLED"
                : "run " + runId + " is " + run.status() + ": cancellation requested; it ends CANCELLED after its cleanup");
        return 0;
    }
}
