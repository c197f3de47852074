package dev.mainstay.e2e;

import static org.awaitility.Awaitility.await;

import dev.mainstay.sdk.MainstayApiException;
import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.StartOptions;
import dev.mainstay.testing.ProcessSet;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the end-to-end tests: a fresh {@link ProcessSet} per test (runtime and workers as real
 * processes on free ports), a data directory, a client, and process logs kept under
 * {@code target/e2e-logs/<class>/<test>} and printed when the test fails.
 */
@ExtendWith(DumpLogsOnFailure.class)
abstract class RealProcessesTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    ProcessSet processes;
    Path dataDir;
    MainstayClient client;

    /** The PostgreSQL database of a suite run on PostgreSQL ({@link #onPostgres}), else null. */
    private TestDatabase postgres;

    /**
     * True for a suite that runs its runtimes on PostgreSQL (a database of its own per test) instead
     * of the embedded SQLite file: the same tests, the other store.
     */
    boolean onPostgres() {
        return false;
    }

    @BeforeEach
    void startProcessSet(TestInfo test) throws java.sql.SQLException {
        // logs outside the temp dir: kept as test artefacts, and still there when a failure is reported
        processes = new ProcessSet(Path.of("target", "e2e-logs", getClass().getSimpleName(),
                test.getTestMethod().orElseThrow().getName()));
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
     * Runs the CLI in this JVM and returns what it printed; it finds the runtime's admin token in the
     * test's data directory by itself, as it does in {@code .mainstay} for a user.
     */
    String cli(String... args) {
        String[] withDataDir = java.util.Arrays.copyOf(args, args.length + 2);
        withDataDir[args.length] = "--data-dir";
        withDataDir[args.length + 1] = dataDir.toString();
        return cliAsIs(withDataDir);
    }

    /** Runs the CLI in this JVM with exactly {@code args} and returns what it printed. */
    static String cliAsIs(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        try {
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            int exit = new picocli.CommandLine(new dev.mainstay.cli.Main()).execute(args);
            if (exit != 0) {
                throw new AssertionError("mainstay " + String.join(" ", args) + " exited with " + exit);
            }
        } finally {
            System.setOut(original);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
