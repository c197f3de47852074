package dev.mainstay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CommandLineTest {

    /** Picocli checks the whole command tree when it is built: two options of one name fail every command. */
    @Test
    void everySubcommand_buildsWithoutConflictingOptions() {
        CommandLine commandLine = Main.commandLine("--help");
        assertThat(commandLine.getSubcommands()).containsKeys("server", "runs", "tokens", "workers", "schedules");
        assertThat(commandLine.getSubcommands().get("tokens").getSubcommands().get("create")
                .getCommandSpec().findOption("--namespace")).isNotNull();
    }

    @Test
    void commandLine_ofANamedCommandHoldsOnlyThatOne() {
        assertThat(Main.commandLine("server", "--data-dir", "x").getSubcommands()).containsOnlyKeys("server");
        assertThat(Main.commandLine("runs", "list").getSubcommands().get("runs").getSubcommands()).containsKey("list");
    }

    @Test
    void commandLine_ofHelpNoCommandOrAnUnknownOneHoldsAll() {
        for (String[] args : new String[][] {{}, {"help", "server"}, {"--version"}, {"serve"}}) {
            assertThat(Main.commandLine(args).getSubcommands()).containsOnlyKeys(Main.SUBCOMMANDS.keySet());
        }
    }

    /** The table's names are the commands' own: a renamed command must not become unreachable by its new name. */
    @Test
    void subcommands_areKeyedByTheirCommandName() {
        Main.SUBCOMMANDS.forEach((name, type) ->
                assertThat(type.getAnnotation(Command.class).name()).as(type.getSimpleName()).isEqualTo(name));
    }
}
