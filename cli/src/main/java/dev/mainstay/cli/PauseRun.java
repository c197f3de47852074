package dev.mainstay.cli;

import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code mainstay runs pause <id>} and {@code mainstay runs resume <id>} (docs/architecture.md, "Pause and
 * resume"), or without an id, every live run the filters select ({@code --workflow --status --tag [--dry-run]}).
 */
final class PauseRun {
    private PauseRun() {}

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = {"Pause a run: it finishes the step it is in, then waits (PAUSED) until resumed,",
                    "across runtime restarts too.",
                    "Without RUN_ID: every live run the filters select (at least one of them; at most 10,000 a call)."})
    static final class Pause implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID") String runId;
        @Mixin RunFilters filters;

        @Override
        public Integer call() {
            if (filters.isBulk(runId)) {
                return filters.bulk(runId, "paused", "live", () -> api.client().pauseRuns(filters.workflow,
                        filters.status, filters.tag, filters.attributes, filters.dryRun));
            }
            RunInfo run = api.client().pause(runId);
            System.out.println(run.status() == RunStatus.RUNNING
                    ? "run " + runId + " is RUNNING: it pauses after the step it is in"
                    : "run " + runId + " PAUSED");
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = {"Resume a paused run: it is dispatched again.",
            "Without RUN_ID: every paused run the filters select (at least one of them; at most 10,000 a call)."})
    static final class Resume implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID") String runId;
        @Mixin RunFilters filters;

        @Override
        public Integer call() {
            if (filters.isBulk(runId)) {
                return filters.bulk(runId, "resumed", "live", () -> api.client().resumeRuns(filters.workflow,
                        filters.status, filters.tag, filters.attributes, filters.dryRun));
            }
            RunInfo run = api.client().resume(runId);
            System.out.println("run " + runId + " resumed (" + run.status() + ")");
            return 0;
        }
    }
}
