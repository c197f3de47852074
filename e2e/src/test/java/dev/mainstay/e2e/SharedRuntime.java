package dev.mainstay.e2e;

import dev.mainstay.testing.ProcessSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One runtime process for the tests of one class ({@link RealProcessesTest#sharedRuntime}): its set,
 * data directory (and PostgreSQL database for a suite on PostgreSQL), and the flags it started with,
 * which every test that shares it must ask for.
 */
record SharedRuntime(Class<?> testClass, ProcessSet processes, Path dataDir, TestDatabase postgres, List<String> args,
                     Process runtime) implements AutoCloseable {

    static SharedRuntime start(Class<?> testClass, boolean onPostgres, List<String> args) throws SQLException {
        ProcessSet processes = new ProcessSet(Path.of("target", "e2e-logs", testClass.getSimpleName(), "shared-runtime"))
                .withJvmOptions(RealProcessesTest.QUICK_JVM);
        TestDatabase postgres = onPostgres ? TestDatabase.create() : null;
        if (postgres != null) {
            processes.withRuntimeArgs("--database-url", postgres.url());
        }
        try {
            Path dataDir = Files.createTempDirectory("mainstay-shared-").resolve("data");
            Process runtime = processes.runtime(dataDir, args.toArray(String[]::new));
            return new SharedRuntime(testClass, processes, dataDir, postgres, args, runtime);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails a test that wants the runtime with other flags than the one its class shares. */
    void check(List<String> wanted) {
        if (!wanted.equals(args)) {
            throw new IllegalStateException("the tests of " + testClass.getSimpleName() + " share a runtime started with "
                    + args + ", not " + wanted + "; a test that needs other flags starts its own (processes.runtime)");
        }
    }

    @Override
    public void close() throws SQLException {
        processes.close();
        if (postgres != null) {
            postgres.drop();
        }
        try (Stream<Path> files = Files.walk(dataDir.getParent())) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind: nothing a test depends on
        }
    }
}
