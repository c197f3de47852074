package dev.mainstay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandLineTest {

    /** Picocli checks the whole command tree when it is built: two options of one name fail every command. */
    @Test
    void everySubcommand_buildsWithoutConflictingOptions() {
        CommandLine commandLine = new CommandLine(new Main());
        assertThat(commandLine.getSubcommands()).containsKeys("server", "runs", "tokens", "workers", "schedules");
        assertThat(commandLine.getSubcommands().get("tokens").getSubcommands().get("create")
                .getCommandSpec().findOption("--namespace")).isNotNull();
    }
}
