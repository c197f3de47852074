package dev.mainstay.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code mainstay}: the runtime server and a client of its API.
 *
 * <p>Picocli builds a command's model when the command is added: it reads the annotations of every
 * option and subcommand and the types of their fields (which loaded Jackson for the client commands).
 * All ten commands cost the runtime a quarter of its start-up, so only the command named by the first
 * argument is added; help, the version, no command or an unknown name get all of them.
 */
@Command(name = "mainstay", mixinStandardHelpOptions = true, version = "mainstay 0.1.0",
        description = "Durable execution for workflows and agents.")
public final class Main {
    /** Every subcommand by its name (the name of its {@code @Command}), in the order help lists them. */
    static final Map<String, Class<?>> SUBCOMMANDS = orderedOf(
            "server", ServerCommand.class, "run", RunCommand.class, "runs", RunsCommand.class,
            "events", EventsCommand.class, "workers", WorkersCommand.class, "schedules", SchedulesCommand.class,
            "tokens", TokensCommand.class, "webhooks", WebhooksCommand.class, "builds", BuildsCommand.class,
            "workflows", WorkflowsCommand.class, "help", CommandLine.HelpCommand.class);

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command as {@code main} would, and returns its exit code instead of exiting. */
    public static int execute(String... args) {
        return commandLine(args)
                .setExecutionExceptionHandler(new ErrorHandler())
                .execute(args);
    }

    /** The command line that runs {@code args}: the root with the one subcommand they name, else with all. */
    static CommandLine commandLine(String... args) {
        CommandLine root = new CommandLine(new Main());
        Class<?> named = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
        if (named != null && named != CommandLine.HelpCommand.class) {
            root.addSubcommand(args[0], named);
        } else {
            SUBCOMMANDS.forEach(root::addSubcommand);
        }
        return root;
    }

    private static Map<String, Class<?>> orderedOf(Object... namesAndClasses) {
        java.util.LinkedHashMap<String, Class<?>> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndClasses.length; i += 2) {
            map.put((String) namesAndClasses[i], (Class<?>) namesAndClasses[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
