package dev.mainstay.cli;

import dev.mainstay.sdk.BulkCancelResult;
import dev.mainstay.sdk.RunInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mainstay runs cancel <id>}, or {@code mainstay runs cancel --workflow W --status S --tag T [--dry-run]}. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancel a run: at once if it waits, else at its next step (cleanup steps still run).",
                "Without RUN_ID: every live run the filters select (at least one of them; at most 10,000 a call)."})
final class CancelRun implements Callable<Integer> {
    @Mixin ApiOptions api;
    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID") String runId;
    @Option(names = "--workflow", description = "Only runs of this workflow.") String workflow;
    @Option(names = "--status", description = "Only runs with this status (PENDING, RUNNING, SUSPENDED).") String status;
    @Option(names = "--tag", description = "Only runs with this tag.") String tag;
    @Option(names = "--dry-run", description = "Only count the runs that would be cancelled.") boolean dryRun;

    @Override
    public Integer call() {
        boolean bulk = workflow != null || status != null || tag != null;
        if (runId != null && (bulk || dryRun)) {
            System.err.println("give a RUN_ID or filters (--workflow, --status, --tag), not both");
            return 2;
        }
        if (runId == null) {
            if (!bulk) {
                System.err.println("give a RUN_ID, or at least one of --workflow, --status and --tag");
                return 2;
            }
            BulkCancelResult result = api.client().cancelRuns(workflow, status, tag, dryRun);
            System.out.println(dryRun ? result.matched() + " live runs match; none cancelled (dry run)"
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
