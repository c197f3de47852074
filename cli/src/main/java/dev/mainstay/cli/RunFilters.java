package dev.mainstay.cli;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * The filters of a bulk action ({@code runs cancel|pause|resume|restart} without a RUN_ID): the live
 * (for a restart: finished) runs of a workflow, status, tag or search attributes, at most 10,000 a call.
 */
final class RunFilters {
    @Option(names = "--workflow", description = "Only runs of this workflow.") String workflow;
    @Option(names = "--status", description = "Only runs with this status (PENDING, RUNNING, SUSPENDED, PAUSED; for restart COMPLETED, FAILED, CANCELLED).") String status;
    @Option(names = "--tag", description = "Only runs with this tag.") String tag;
    @Option(names = "--attr", paramLabel = "NAME<OP>VALUE", description = ATTR_HELP) List<String> attributes = List.of();
    @Option(names = "--dry-run", description = "Only count the runs the action would change.") boolean dryRun;

    static final String ATTR_HELP = "Only runs whose search attribute matches, e.g. customer=c-42 or 'amount>=100' "
            + "(=, >, >=, <, <=; repeat for more, all must match; at most 8).";

    /** Why a RUN_ID and these filters do not go together as given; null when they do. */
    String problemWith(String runId) {
        boolean bulk = any();
        if (runId != null && (bulk || dryRun)) {
            return "give a RUN_ID or filters (--workflow, --status, --tag, --attr), not both";
        }
        if (runId == null && !bulk) {
            return "give a RUN_ID, or at least one of --workflow, --status, --tag and --attr";
        }
        return null;
    }

    boolean any() {
        return workflow != null || status != null || tag != null || !attributes.isEmpty();
    }

    /** True when the call acts on the runs the filters select rather than on one RUN_ID. */
    boolean isBulk(String runId) {
        return runId == null || any() || dryRun;
    }

    /**
     * Runs the bulk {@code action} and prints its counts ({@code done}: "paused"; {@code which}: the
     * runs it applies to, "live"); exit code 2 when a RUN_ID and filters were mixed or neither given.
     */
    int bulk(String runId, String done, String which, java.util.function.Supplier<dev.mainstay.sdk.BulkResult> action) {
        String problem = problemWith(runId);
        if (problem != null) {
            System.err.println(problem);
            return 2;
        }
        dev.mainstay.sdk.BulkResult result = action.get();
        System.out.println(dryRun ? result.matched() + " " + which + " runs match; none " + done + " (dry run)"
                : done + " " + result.changed() + " of " + result.matched() + " matching " + which + " runs"
                + (result.more() ? "; more match: run it again" : ""));
        return 0;
    }
}
