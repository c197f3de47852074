package dev.mainstay.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mainstay workflows pause|resume <name>}: stop and restart the dispatch of a whole workflow. */
@Command(name = "workflows", mixinStandardHelpOptions = true, description = "Pause and resume whole workflows.",
        subcommands = {WorkflowsCommand.Pause.class, WorkflowsCommand.Resume.class})
final class WorkflowsCommand {

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "No run of WORKFLOW is dispatched until it is resumed (runs already running go on).")
    static final class Pause implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", paramLabel = "WORKFLOW") String workflow;

        @Override
        public Integer call() {
            api.client().pauseWorkflow(workflow);
            System.out.println("workflow " + workflow + " paused: its new runs wait until it is resumed");
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Dispatch the runs of WORKFLOW again.")
    static final class Resume implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", paramLabel = "WORKFLOW") String workflow;

        @Override
        public Integer call() {
            api.client().resumeWorkflow(workflow);
            System.out.println("workflow " + workflow + " resumed");
            return 0;
        }
    }
}
