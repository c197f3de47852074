package dev.mainstay.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mainstay.protocol.JsonLimits;
import dev.mainstay.sdk.CancelledException;
import dev.mainstay.sdk.NonDeterminismException;
import dev.mainstay.sdk.RunExport;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.internal.OfflineRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Replays exported runs ({@code mainstay runs export <id> > run.json}) against the current workflow
 * code, without a runtime: a CI checks a new build against recorded production runs before it is
 * deployed. The replay is the worker's own (the same journal checks, in the same order), so it throws
 * the {@link NonDeterminismException} (position, expected, actual) a worker of this code would fail
 * the run with.
 *
 * <pre>{@code
 * @Test
 * void recordedRunsStillReplay() {
 *     Replayer.replayAll(new Orders(), Path.of("src/test/resources/recorded-runs"));
 * }
 * }</pre>
 *
 * <p>Nothing runs: a replay returns recorded results and never calls a step's body. When the code
 * reaches the end of the recorded journal and would run something new (a run exported while still in
 * progress, a step added at the end), the replay stops there and passes: the recorded history is
 * consistent with the code. A body that throws where the recorded run did not fail (say a recorded
 * result no longer fits its type) fails the replay with {@link ReplayFailedException}; a run that
 * failed when recorded passes when the code fails it with the same exception type.
 *
 * <p>{@code workflows} is an object with {@code @Workflow} and {@code @Function} methods, or an
 * array or {@code Iterable} of them: what the worker registers.
 */
public final class Replayer {
    /** The JSON of exports (also what {@link TestRuntime#export} writes with). */
    static final ObjectMapper JSON = new ObjectMapper(JsonLimits.factory()).registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Replayer() {}

    /**
     * Replays one exported run.
     *
     * @throws NonDeterminismException when the code asks for another operation than the journal recorded
     * @throws ReplayFailedException when the code fails the run where the recorded run had not failed
     * @throws IllegalArgumentException when the file is not an export this replayer reads, or no object declares the run's workflow
     */
    public static void replay(Object workflows, Path exportedRun) {
        replay(new OfflineRuns(objects(workflows)), read(exportedRun));
    }

    /**
     * Replays every {@code *.json} file of {@code folder} (by name), all of them even when some fail;
     * then throws the first failure, the later ones attached as suppressed. Returns how many were replayed.
     */
    public static int replayAll(Object workflows, Path folder) {
        OfflineRuns runs = new OfflineRuns(objects(workflows));
        List<Path> files;
        try (Stream<Path> listed = Files.list(folder)) {
            files = listed.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        RuntimeException first = null;
        for (Path file : files) {
            try {
                replay(runs, read(file));
            } catch (RuntimeException failed) {
                if (first == null) {
                    first = failed;
                } else {
                    first.addSuppressed(failed);
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return files.size();
    }

    private static void replay(OfflineRuns runs, RunExport export) {
        OfflineRuns.Replayed replayed = runs.replay(export);
        Throwable failure = replayed.failure();
        if (failure == null) {
            return;
        }
        if (failure instanceof NonDeterminismException mismatch) {
            throw mismatch;
        }
        RunInfo run = export.run();
        if (!failedSoWhenRecorded(run, failure)) {
            throw new ReplayFailedException(run.id(), run.workflow(), run.status(), failure);
        }
    }

    /** The recorded run ended the way the replay does: failed with the same exception type, or cancelled. */
    private static boolean failedSoWhenRecorded(RunInfo run, Throwable failure) {
        if (run.status() == RunStatus.CANCELLED) {
            return failure instanceof CancelledException;
        }
        return run.status() == RunStatus.FAILED && run.error() != null
                && failure.getClass().getName().equals(run.error().type());
    }

    /** Reads an export, refusing a file that is not one, or one of another format. */
    static RunExport read(Path file) {
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getMessage(), e);
        }
        JsonNode format = tree == null ? null : tree.get("format");
        if (format == null || !format.canConvertToInt()) {
            throw new IllegalArgumentException(file + " is not an exported run (no \"format\" number);"
                    + " write one with: mainstay runs export <run-id> > " + file.getFileName());
        }
        if (format.asInt() != RunExport.FORMAT) {
            throw new IllegalArgumentException(file + " is an export of format " + format.asInt() + "; this replayer reads"
                    + " format " + RunExport.FORMAT + ": use the mainstay-sdk-testing of the release that wrote it");
        }
        RunExport export;
        try {
            export = JSON.treeToValue(tree, RunExport.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " does not hold an exported run: " + e.getMessage(), e);
        }
        if (export.run() == null || export.run().id() == null || export.run().workflow() == null) {
            throw new IllegalArgumentException(file + " has no \"run\" with an id and a workflow");
        }
        return export;
    }

    private static List<Object> objects(Object workflows) {
        if (workflows instanceof Iterable<?> many) {
            List<Object> all = new ArrayList<>();
            many.forEach(all::add);
            return all;
        }
        if (workflows instanceof Object[] many) {
            return Arrays.asList(many);
        }
        return List.of(workflows);
    }
}
