package dev.mainstay.cli;

import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunList;
import dev.mainstay.sdk.RunQuery;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StepInfo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mainstay runs list|show}. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List and inspect runs.",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.ShowRun.class, RunsCommand.ExportRun.class, CancelRun.class, RestartRun.class,
                PauseRun.Pause.class, PauseRun.Resume.class,
                WatchRun.class})
final class RunsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List runs, newest first.")
    static final class ListRuns implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Option(names = "--workflow", description = "Only runs of this workflow.") String workflow;
        @Option(names = "--status", description = "PENDING, RUNNING, SUSPENDED, PAUSED, COMPLETED, FAILED or CANCELLED.") RunStatus status;
        @Option(names = "--attr", paramLabel = "NAME<OP>VALUE", description = RunFilters.ATTR_HELP)
        List<String> attributes = List.of();
        @Option(names = "--limit", defaultValue = "20", description = "Page size (default ${DEFAULT-VALUE}).") int limit;
        @Option(names = "--cursor", description = "The next-page cursor a previous list printed.") String cursor;
        @Option(names = "--output", defaultValue = "table", description = "table or json.") Output.Format output;

        @Override
        public Integer call() {
            RunList page = api.client().runs(new RunQuery(workflow, status, limit, cursor, attributes));
            if (output == Output.Format.json) {
                System.out.println(Output.json(page));
            } else {
                System.out.print(Output.runTable(page.runs()));
                if (page.nextCursor() != null) {
                    System.out.println("more: mainstay runs list --cursor " + page.nextCursor()
                            + (workflow == null && status == null && attributes.isEmpty() ? "" : " (with the same filters)"));
                }
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a run and its journal.")
    static final class ShowRun implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", paramLabel = "RUN_ID") String runId;
        @Option(names = "--output", defaultValue = "table", description = "table or json.") Output.Format output;

        @Override
        public Integer call() {
            RunInfo run = api.client().run(runId);
            List<StepInfo> journal = api.client().journal(runId);
            List<dev.mainstay.sdk.AttemptInfo> attempts = api.client().attempts(runId);
            if (output == Output.Format.json) {
                System.out.println(Output.json(java.util.Map.of("run", run, "journal", journal, "failedAttempts", attempts)));
            } else {
                System.out.println(Output.summary(run));
                System.out.print(Output.journalTable(journal));
                if (!attempts.isEmpty()) {
                    System.out.print(Output.attemptTable(attempts));
                }
            }
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a run (input, journal, failed attempts, outcome) as JSON to standard output, "
                    + "for dev.mainstay.testing.Replayer (format 1, see docs/architecture.md, \"Exported runs\").")
    static final class ExportRun implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", paramLabel = "RUN_ID") String runId;

        @Override
        public Integer call() {
            System.out.println(Output.json(api.client().export(runId)));
            return 0;
        }
    }
}
