package dev.mainstay.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mainstay events send <run> <name> --data '<json>'}. */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Deliver events to runs.",
        subcommands = {EventsCommand.Send.class})
final class EventsCommand {

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = "Deliver an event to a run's durable inbox (a run waiting for it wakes up).")
    static final class Send implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", paramLabel = "RUN_ID") String runId;
        @Parameters(index = "1", paramLabel = "NAME") String name;
        @Option(names = "--data", defaultValue = "null", description = "The payload as JSON (default ${DEFAULT-VALUE}).")
        String data;
        @Option(names = "--event-id", description = "De-duplicates redelivery: the same id is stored once.")
        String eventId;

        @Override
        public Integer call() {
            Object payload;
            try {
                payload = Output.JSON.readTree(data);
            } catch (Exception e) {
                throw new IllegalArgumentException("--data is not valid JSON: " + e.getMessage());
            }
            String id = api.client().sendEvent(runId, name, payload, eventId);
            System.out.println("event '" + name + "' delivered to run " + runId + " (event id " + id + ")");
            return 0;
        }
    }
}
