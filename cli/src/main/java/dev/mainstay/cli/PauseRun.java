package dev.mainstay.cli;

import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mainstay runs pause <id>} and {@code mainstay runs resume <id>} (docs/architecture.md, "Pause and resume"). */
final class PauseRun {
    private PauseRun() {}

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = {"Pause a run: it finishes the step it is in, then waits (PAUSED) until resumed,",
                    "across runtime restarts too."})
    static final class Pause implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", paramLabel = "RUN_ID") String runId;

        @Override
        public Integer call() {
            RunInfo run = api.client().pause(runId);
            System.out.println(run.status() == RunStatus.RUNNING
                    ? "run " + runId + " is RUNNING: it pauses after the step it is in"
                    : "run " + runId + " PAUSED");
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused run: it is dispatched again.")
    static final class Resume implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", paramLabel = "RUN_ID") String runId;

        @Override
        public Integer call() {
            RunInfo run = api.client().resume(runId);
            System.out.println("run " + runId + " resumed (" + run.status() + ")");
            return 0;
        }
    }
}
