package dev.mainstay.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mainstay}: the runtime server and a client of its API. */
@Command(name = "mainstay", mixinStandardHelpOptions = true, version = "mainstay 0.1.0",
        description = "Durable execution for workflows and agents.",
        subcommands = {ServerCommand.class, RunCommand.class, RunsCommand.class, EventsCommand.class, WorkersCommand.class,
                SchedulesCommand.class, TokensCommand.class, WebhooksCommand.class, BuildsCommand.class, WorkflowsCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command as {@code main} would, and returns its exit code instead of exiting. */
    public static int execute(String... args) {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler(new ErrorHandler())
                .execute(args);
    }
}
