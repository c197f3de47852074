package dev.mainstay.cli;

import dev.mainstay.sdk.WorkerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mainstay workers list}. */
@Command(name = "workers", mixinStandardHelpOptions = true, description = "Inspect connected workers.",
        subcommands = {WorkersCommand.ListWorkers.class})
final class WorkersCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Connected workers: components, capacity, runs in flight, last heartbeat.")
    static final class ListWorkers implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Option(names = "--output", defaultValue = "table", description = "table or json.") Output.Format output;

        @Override
        public Integer call() {
            List<WorkerInfo> workers = api.client().workers();
            if (output == Output.Format.json) {
                System.out.println(Output.json(workers));
                return 0;
            }
            if (workers.isEmpty()) {
                System.out.println("no worker is connected");
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"WORKER", "NODE", "CAPACITY", "IN FLIGHT", "LAST HEARTBEAT", "COMPONENTS"});
            for (WorkerInfo w : workers) {
                rows.add(new String[] {w.workerId(), String.valueOf(w.node()), String.valueOf(w.capacity()), String.valueOf(w.inFlight()),
                        String.valueOf(w.lastHeartbeat()), String.join(",", w.components().stream().sorted().toList())});
            }
            System.out.print(Output.table(rows));
            return 0;
        }
    }
}
