package dev.mainstay.e2e;

import static org.awaitility.Awaitility.await;

import dev.mainstay.sdk.MainstayApiException;
import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.StartOptions;
import dev.mainstay.testing.ProcessSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the end-to-end tests: a fresh {@link ProcessSet} per test (runtime and workers as real
 * processes on free ports), a data directory, a client, and process logs kept under
 * {@code target/e2e-logs/<class>/<test>} and printed when the test fails.
 *
 * <p>A test that needs no runtime of its own (it does not kill, restart or configure it apart from
 * the others of its class) calls {@link #sharedRuntime} instead of {@code processes.runtime(dataDir)}:
 * the tests of a class that do so share one runtime, started by the first of them and stopped after
 * the last, while each still starts and stops its own workers. A runtime start (a JVM, migrations)
 * is most of what a short test costs; such tests must not count what other tests left behind (runs,
 * workers), only what they started themselves.
 */
@ExtendWith({DumpLogsOnFailure.class, AlsoOnPostgres.Selection.class})
abstract class RealProcessesTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** JVM options of every process the tests start: C1 only, one GC thread. */
    static final String[] QUICK_JVM = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"};

    @TempDir
    Path dir;

    ProcessSet processes;
    Path dataDir;
    MainstayClient client;
    private String currentTest;

    /** The PostgreSQL database of a suite run on PostgreSQL ({@link #onPostgres}), else null. */
    private TestDatabase postgres;

    /** The runtime the tests of the running class share ({@link #sharedRuntime}), once one asked for it. */
    private static SharedRuntime shared;

    /**
     * True for a suite that runs its runtimes on PostgreSQL (a database of its own per test) instead
     * of the embedded SQLite file: the tests of the suite marked {@link AlsoOnPostgres}, on the other store.
     */
    boolean onPostgres() {
        return false;
    }

    @BeforeEach
    void startProcessSet(TestInfo test) throws java.sql.SQLException {
        // logs outside the temp dir: kept as test artefacts, and still there when a failure is reported
        currentTest = test.getTestMethod().orElseThrow().getName();
        processes = new ProcessSet(Path.of("target", "e2e-logs", getClass().getSimpleName(), currentTest))
                // the suite starts hundreds of JVMs that live seconds: C2 compiles and GC threads took most of
                // the machine's CPU and gave nothing back (the benchmarks, which measure, keep the defaults)
                .withJvmOptions(QUICK_JVM);
        if (onPostgres()) {
            postgres = TestDatabase.create();
            processes.withRuntimeArgs("--database-url", postgres.url());
        }
        dataDir = dir.resolve("data");
        client = processes.client();
        DumpLogsOnFailure.track(processes);
    }

    @AfterEach
    void stopProcessSet() throws java.sql.SQLException {
        processes.close();
        if (postgres != null) {
            postgres.drop();
        }
    }

    @AfterAll
    static void stopSharedRuntime() throws java.sql.SQLException {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /**
     * The runtime this test's class shares (started with {@code args} by the first test that asks),
     * and from here on {@link #processes}, {@link #client} and {@link #dataDir} are those of a set on
     * it: this test's workers are still its own, stopped when it ends.
     */
    Process sharedRuntime(String... args) throws java.sql.SQLException {
        if (shared == null || shared.testClass() != getClass()) {
            stopSharedRuntime();
            shared = SharedRuntime.start(getClass(), onPostgres(), List.of(args));
        }
        shared.check(List.of(args));
        ProcessSet own = processes;
        processes = shared.processes().onSameRuntime(Path.of("target", "e2e-logs", getClass().getSimpleName(),
                currentTest));
        own.close();
        dataDir = shared.dataDir();
        client = processes.client();
        DumpLogsOnFailure.track(shared.processes(), processes);
        return shared.runtime();
    }

    /** Starts a run as soon as a worker registered the workflow. */
    RunInfo startWhenRegistered(String workflow, Object input, StartOptions options) {
        return await("'" + workflow + "' registered").atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .ignoreException(MainstayApiException.class)
                .until(() -> client.start(workflow, input, options), run -> run != null);
    }

    RunInfo startWhenRegistered(String workflow, Object input) {
        return startWhenRegistered(workflow, input, StartOptions.defaults());
    }

    /**
     * Runs the CLI as its own process and returns what it printed; it finds the runtime's admin token
     * in the test's data directory by itself, as it does in {@code .mainstay} for a user.
     */
    String cli(String... args) {
        return cliAsIs(withDataDir(args));
    }

    String[] withDataDir(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        return all;
    }

    /** Runs the CLI with exactly {@code args}, which must succeed, and returns what it printed. */
    static String cliAsIs(String... args) {
        Cli result = runCli(args);
        if (result.exit() != 0) {
            throw new AssertionError("mainstay " + String.join(" ", args) + " exited with " + result.exit() + ": "
                    + result.err());
        }
        return result.out();
    }

    /** What a CLI process printed on each stream, and its exit code. */
    record Cli(int exit, String out, String err) {}

    /**
     * Runs {@code mainstay args} as a process of its own (the classes of this test's class path), as a
     * user runs it: its exit code, and what it prints on each stream, are its own.
     */
    static Cli runCli(String... args) {
        try {
            Path out = java.nio.file.Files.createTempFile("cli", ".out");
            Path err = java.nio.file.Files.createTempFile("cli", ".err");
            try {
                Process process = ProcessSet.startJava(dev.mainstay.cli.Main.class.getName(), List.of(QUICK_JVM),
                        List.of(args), builder -> builder.redirectOutput(out.toFile()).redirectError(err.toFile()));
                if (!process.waitFor(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("mainstay " + String.join(" ", args) + " did not end within " + TIMEOUT);
                }
                return new Cli(process.exitValue(), java.nio.file.Files.readString(out), java.nio.file.Files.readString(err));
            } finally {
                java.nio.file.Files.deleteIfExists(out);
                java.nio.file.Files.deleteIfExists(err);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
