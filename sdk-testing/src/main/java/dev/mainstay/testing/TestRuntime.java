package dev.mainstay.testing;

import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StepInfo;
import dev.mainstay.sdk.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real runtime process on a temporary folder and a worker in this JVM, for tests: what
 * {@link MainstayTest} injects. The helpers wait up to {@link #TIMEOUT} and fail with an
 * {@link AssertionError} that shows the run as it was.
 *
 * <p>This class is the one place the test kit connects to a runtime (its process, the worker and the
 * client), so a connection setting (an address, a credential) is added here once.
 */
public final class TestRuntime implements AutoCloseable {
    /** How long the helpers wait for a run. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final ProcessSet processes;
    private final MainstayClient client;
    private Worker worker;

    private TestRuntime(Path dir, ProcessSet processes) {
        this.dir = dir;
        this.processes = processes;
        this.client = processes.client(); // with the set's admin token
    }

    /**
     * Starts {@code mainstay server} on an embedded SQLite file in a new temporary folder, then a worker
     * serving {@code workflows} (none: no worker), and returns once the worker is registered.
     */
    static TestRuntime start(String name, List<Object> workflows, List<String> runtimeArgs) {
        Path dir;
        try {
            dir = Files.createTempDirectory("mainstay-test-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the test runtime", e);
        }
        TestRuntime runtime = new TestRuntime(dir, new ProcessSet(dir.resolve("logs")));
        try {
            runtime.processes.runtime(dir.resolve("data"), runtimeArgs.toArray(String[]::new));
            if (!workflows.isEmpty()) {
                runtime.startWorker(workflows);
            }
            return runtime;
        } catch (RuntimeException | Error failed) {
            System.out.println(runtime.logs());
            runtime.close();
            throw failed;
        }
    }

    /**
     * Starts {@code mainstay server} as {@link MainstayTest} does, but no worker: for a worker of your
     * own, a Spring Boot application's say, given {@link #grpcTarget()} and {@link #token()}. Close it
     * after the tests ({@code @AfterAll}); {@code name} names its temporary folder.
     *
     * <pre>{@code
     * static final TestRuntime runtime = TestRuntime.launch("orders");
     *
     * @DynamicPropertySource
     * static void mainstay(DynamicPropertyRegistry properties) {
     *     properties.add("mainstay.url", runtime::url);
     *     properties.add("mainstay.grpc-target", runtime::grpcTarget);
     *     properties.add("mainstay.token", runtime::token);
     * }
     * }</pre>
     */
    public static TestRuntime launch(String name, String... runtimeArgs) {
        return start(name, List.of(), List.of(runtimeArgs));
    }

    private void startWorker(List<Object> workflows) {
        Worker.Builder builder = Worker.builder().target(processes.grpcTarget()).token(processes.adminToken());
        workflows.forEach(builder::register);
        worker = builder.build().start();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!worker.isConnected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the test worker did not register with the runtime within " + TIMEOUT);
            }
            pause();
        }
    }

    /** A client of this runtime (the one {@link MainstayTest} injects). */
    public MainstayClient client() {
        return client;
    }

    /** The runtime's HTTP address, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return processes.url();
    }

    /** The runtime's gRPC address, for a worker of your own. */
    public String grpcTarget() {
        return processes.grpcTarget();
    }

    /** The runtime's admin token, which the injected client and worker use: for a client or worker of your own. */
    public String token() {
        return processes.adminToken();
    }

    /** Starts a run of {@code workflow}. */
    public RunInfo start(String workflow, Object input) {
        return client.start(workflow, input);
    }

    /** Waits until the run is COMPLETED, FAILED or CANCELLED, and returns it. */
    public RunInfo awaitFinished(String runId) {
        RunInfo run = client.await(runId, TIMEOUT);
        if (!run.status().isFinal()) {
            throw new AssertionError("run " + runId + " is still " + run.status() + " after " + TIMEOUT + ": " + run);
        }
        return run;
    }

    /** Waits for the run to complete and returns its output as {@code type}; fails if it did not complete. */
    public <T> T result(String runId, Class<T> type) {
        RunInfo run = awaitFinished(runId);
        if (run.status() != RunStatus.COMPLETED) {
            throw new AssertionError("run " + runId + " ended " + run.status() + " with " + run.error());
        }
        return run.output(type);
    }

    /** Waits until the run waits for the event (or the answer to {@code ctx.awaitInput}) {@code name}. */
    public RunInfo awaitWaitingFor(String runId, String name) {
        return awaitRun(runId, run -> run.status() == RunStatus.SUSPENDED && name.equals(run.waitingFor()),
                "waiting for '" + name + "'");
    }

    /** Waits until {@code condition} holds of the run; {@code what} names it in the failure. */
    public RunInfo awaitRun(String runId, Predicate<RunInfo> condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        RunInfo run = client.run(runId);
        while (!condition.test(run)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + " was not " + what + " within " + TIMEOUT + ": " + run);
            }
            pause();
            run = client.run(runId);
        }
        return run;
    }

    /** Delivers the event {@code name} to the run ({@code ctx.awaitEvent}). */
    public void sendEvent(String runId, String name, Object payload) {
        client.sendEvent(runId, name, payload, null);
    }

    /** Answers the question {@code name} of the run ({@code ctx.awaitInput}): the answer is delivered as that event. */
    public void answer(String runId, String name, Object answer) {
        sendEvent(runId, name, answer);
    }

    /** The run's journal, by position. */
    public List<StepInfo> journal(String runId) {
        return client.journal(runId);
    }

    /** The names of the run's journal entries, by position (steps, calls, sleeps, events, ...). */
    public List<String> stepNames(String runId) {
        return journal(runId).stream().map(StepInfo::name).toList();
    }

    /** Writes the run as {@code mainstay runs export} does, for {@link Replayer}; returns {@code file}. */
    public Path export(String runId, Path file) {
        try {
            Files.write(file, Replayer.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(client.export(runId)));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** What the runtime process logged so far. */
    public String logs() {
        return processes.dumpLogs();
    }

    /** Stops the worker (draining) and the runtime, and deletes the temporary folder. */
    @Override
    public void close() {
        if (worker != null) {
            worker.close();
        }
        processes.close();
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is not worth failing a test for
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the test runtime", e);
        }
    }
}
