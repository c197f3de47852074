package dev.mainstay.bench;

import dev.mainstay.sdk.Worker;

/** The worker process of the harness. Arguments: target [capacity]. */
public final class BenchWorker {
    public static void main(String[] args) throws InterruptedException {
        int capacity = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Worker worker = Worker.builder().target(args[0]).capacity(capacity).register(new BenchWorkflows()).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }
}
