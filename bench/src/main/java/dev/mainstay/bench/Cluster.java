package dev.mainstay.bench;

import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.testing.ProcessSet;
import java.nio.file.Path;
import java.time.Duration;

/** One runtime process and one worker process for a workload, with the controls workloads need. */
final class Cluster implements AutoCloseable {
    final ProcessSet processes;
    final Path dataDir;
    final MainstayClient client;
    private final int workerCapacity;
    private Process runtime;
    private Process worker;

    Cluster(Path dir, int workerCapacity) {
        this.processes = new ProcessSet(dir.resolve("logs"));
        this.dataDir = dir.resolve("data");
        this.client = MainstayClient.connect(processes.url());
        this.workerCapacity = workerCapacity;
    }

    /**
     * Starts the worker and the runtime side by side, as a supervisor restarting both would (the
     * worker retries until the runtime listens), and waits until the worker registered.
     */
    Cluster start() {
        worker = processes.worker(BenchWorker.class.getName(), java.util.List.of("-Xmx1g"), "" + workerCapacity);
        runtime = processes.runtime(dataDir);
        awaitRegistered();
        return this;
    }

    ProcessMemory runtimeMemory() {
        return ProcessMemory.of(runtime);
    }

    ProcessMemory workerMemory() {
        return ProcessMemory.of(worker);
    }

    Process runtimeProcess() {
        return runtime;
    }

    Process workerProcess() {
        return worker;
    }

    /** Both processes still run (a workload that waits long checks it rather than waiting in vain). */
    boolean alive() {
        return runtime.isAlive() && worker.isAlive();
    }

    /** SIGKILL to the worker and the runtime. */
    void killAll() {
        ProcessSet.kill(worker);
        ProcessSet.kill(runtime);
    }

    private void awaitRegistered() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (client.workers().stream().noneMatch(w -> w.components().contains("bench-ten-steps"))) {
            if (System.nanoTime() > deadline || !worker.isAlive()) {
                throw new IllegalStateException("the bench worker did not register; see " + processes.logs());
            }
            sleep(50);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    @Override
    public void close() {
        processes.close();
    }
}
