package dev.mainstay.examples;

import dev.mainstay.examples.OrderWorkflows.Item;
import dev.mainstay.examples.OrderWorkflows.Order;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.sdk.MainstayApiException;
import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.StartOptions;
import dev.mainstay.sdk.StepInfo;
import dev.mainstay.testing.ProcessSet;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The README's first command: starts the runtime (embedded SQLite in ./.mainstay) and the example
 * worker as two processes, runs one checkout end to end, prints the result and its journal, and
 * runs the support agent (see {@link AgentDemo}), and stops both (or leaves them running with
 * --keep-running).
 */
public final class Demo {
    private static final int HTTP_PORT = 7676;
    private static final int GRPC_PORT = 7677;

    public static void main(String[] args) throws Exception {
        boolean keepRunning = List.of(args).contains("--keep-running");
        Path dataDir = Path.of(".mainstay");
        Path logs = dataDir.resolve("logs");
        ProcessSet processes = new ProcessSet(logs, HTTP_PORT, GRPC_PORT);

        if (processes.isReady()) {
            System.out.println("using the runtime already listening on " + processes.url());
            processes.withAdminTokenOf(dataDir); // the admin token it wrote, when it runs on ./.mainstay
        } else {
            System.out.println("starting the runtime: data in " + dataDir.toAbsolutePath() + ", logs in " + logs);
            processes.runtime(dataDir);
        }
        // the runtime's admin token (in .mainstay/admin.token), for this client and the worker
        MainstayClient client = processes.client();
        System.out.println("starting the example worker");
        Process worker = processes.worker(ExampleWorker.class.getName());
        try {
            Order order = new Order("order-1001", "ada@example.com", List.of(
                    new Item("book", 2, new BigDecimal("12.50")), new Item("pen", 3, new BigDecimal("1.20"))));
            RunInfo run = startWhenRegistered(client, order, worker);
            System.out.println("started run " + run.id() + " of 'checkout'");
            RunInfo done = client.await(run.id(), Duration.ofSeconds(30));
            System.out.println();
            System.out.println("status: " + done.status());
            System.out.println("result: " + (done.output() != null ? done.output() : done.error()));
            System.out.println();
            System.out.println("journal:");
            for (StepInfo step : client.journal(run.id())) {
                System.out.printf("  %d  %-5s %-14s %-9s %s%n", step.position(), step.kind(), step.name(),
                        step.status(), step.output());
            }
            System.out.println();
            System.out.println("look at it:");
            System.out.println("  ./mainstay runs show " + run.id() + "        (while a runtime runs: ./mainstay server)");
            System.out.println("  curl -H \"Authorization: Bearer $(cat " + dataDir.resolve("admin.token") + ")\" "
                    + processes.url() + "/v1/runs/" + run.id() + "/journal");
            System.out.println("  the journal is stored in " + dataDir.resolve("mainstay.db").toAbsolutePath());
            System.out.println("  the web UI: " + processes.url() + "/  (it has no login yet: use it on a runtime started"
                    + " with ./mainstay server --auth none)");

            AgentDemo.run(client, processes.url(), processes.adminToken());
            if (keepRunning) {
                System.out.println("\nruntime and worker keep running; Ctrl-C stops them");
                Thread.currentThread().join();
            }
        } finally {
            stopAll();
        }
    }

    /** SIGTERM to what the demo started, so the runtime shuts down cleanly. */
    private static void stopAll() {
        ProcessHandle.current().children().forEach(ProcessHandle::destroy);
        ProcessHandle.current().children().forEach(child -> child.onExit().join());
    }

    private static RunInfo startWhenRegistered(MainstayClient client, Order order, Process worker) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return client.start("checkout", order, StartOptions.defaults());
            } catch (MainstayApiException e) {
                if (e.code() != ErrorCode.WORKFLOW_NOT_FOUND || System.nanoTime() > deadline || !worker.isAlive()) {
                    throw e;
                }
                Thread.sleep(100); // the worker registers 'checkout' as soon as it connects
            }
        }
    }
}
