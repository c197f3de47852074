package dev.mainstay.cli;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * The filters of a bulk action ({@code runs cancel|pause|resume} without a RUN_ID): the live runs of
 * a workflow, status, tag or search attributes, at most 10,000 a call.
 */
final class RunFilters {
    @Option(names = "--workflow", description = "Only runs of this workflow.") String workflow;
    @Option(names = "--status", description = "Only runs with this status (PENDING, RUNNING, SUSPENDED, PAUSED).") String status;
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
}
