package dev.mainstay.cli;

import picocli.CommandLine.Option;

/**
 * The filters of a bulk action ({@code runs cancel|pause|resume} without a RUN_ID): the live runs of
 * a workflow, status or tag, at most 10,000 a call.
 */
final class RunFilters {
    @Option(names = "--workflow", description = "Only runs of this workflow.") String workflow;
    @Option(names = "--status", description = "Only runs with this status (PENDING, RUNNING, SUSPENDED, PAUSED).") String status;
    @Option(names = "--tag", description = "Only runs with this tag.") String tag;
    @Option(names = "--dry-run", description = "Only count the runs the action would change.") boolean dryRun;

    /** Why a RUN_ID and these filters do not go together as given; null when they do. */
    String problemWith(String runId) {
        boolean bulk = any();
        if (runId != null && (bulk || dryRun)) {
            return "give a RUN_ID or filters (--workflow, --status, --tag), not both";
        }
        if (runId == null && !bulk) {
            return "give a RUN_ID, or at least one of --workflow, --status and --tag";
        }
        return null;
    }

    boolean any() {
        return workflow != null || status != null || tag != null;
    }
}
