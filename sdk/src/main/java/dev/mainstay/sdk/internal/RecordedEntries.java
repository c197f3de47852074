package dev.mainstay.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.mainstay.protocol.v1.AttemptFailed;
import dev.mainstay.protocol.v1.EntryStatus;
import dev.mainstay.protocol.v1.Failure;
import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.protocol.v1.PendingAttempts;
import dev.mainstay.sdk.AttemptInfo;
import dev.mainstay.sdk.ErrorInfo;
import dev.mainstay.sdk.StepInfo;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The journal as the API shows it ({@link StepInfo}, {@link AttemptInfo}) and as a dispatch carries
 * it ({@link JournalEntry}, {@link PendingAttempts}), both ways: offline runs read exports and show
 * what they journaled in the API's shape.
 */
final class RecordedEntries {
    private RecordedEntries() {}

    static List<JournalEntry> entries(Collection<StepInfo> steps) {
        return steps.stream().map(RecordedEntries::entry).toList();
    }

    static JournalEntry entry(StepInfo step) {
        JournalEntry.Builder entry = JournalEntry.newBuilder()
                .setPosition(step.position())
                .setKind(step.kind())
                .setName(step.name())
                .setStatus("FAILED".equals(step.status()) ? EntryStatus.FAILED : EntryStatus.SUCCEEDED)
                .setAttempt(step.attempt())
                .setStartedAtMs(millis(step.startedAt()))
                .setFinishedAtMs(millis(step.finishedAt()));
        if (step.input() != null && !step.input().isMissingNode()) {
            entry.setInput(ByteString.copyFrom(Json.write(step.input())));
        }
        if (step.output() != null && !step.output().isMissingNode()) {
            entry.setOutput(ByteString.copyFrom(Json.write(step.output())));
        }
        if (step.error() != null) {
            entry.setFailure(failure(step.error()));
        }
        return entry.build();
    }

    /**
     * The failed attempts at positions with no entry, as a dispatch carries them: the step a replay
     * must ask for there, and how many attempts it already had.
     */
    static Map<Integer, PendingAttempts> pending(Collection<StepInfo> steps, Collection<AttemptInfo> attempts) {
        Set<Integer> journaled = steps.stream().map(StepInfo::position).collect(Collectors.toSet());
        Map<Integer, PendingAttempts> pending = new HashMap<>();
        for (AttemptInfo attempt : attempts) {
            if (journaled.contains(attempt.position())) {
                continue;
            }
            PendingAttempts before = pending.get(attempt.position());
            pending.put(attempt.position(), PendingAttempts.newBuilder()
                    .setFailed((before == null ? 0 : before.getFailed()) + 1)
                    .setKind(attempt.kind()).setName(attempt.name())
                    .setRetryAtMs(attempt.retryAt() == null ? 0 : attempt.retryAt().toEpochMilli()).build());
        }
        return pending;
    }

    static StepInfo step(JournalEntry entry) {
        return new StepInfo(entry.getPosition(), entry.getKind(), entry.getName(), entry.getStatus().name(),
                json(entry.getInput()), json(entry.getOutput()), entry.hasFailure() ? error(entry.getFailure()) : null,
                entry.getAttempt(), Instant.ofEpochMilli(entry.getStartedAtMs()), Instant.ofEpochMilli(entry.getFinishedAtMs()),
                entry.getFinishedAtMs() - entry.getStartedAtMs());
    }

    static AttemptInfo attempt(AttemptFailed failed) {
        return new AttemptInfo(failed.getPosition(), failed.getAttempt(), failed.getKind(), failed.getName(),
                error(failed.getFailure()), Instant.ofEpochMilli(failed.getStartedAtMs()),
                Instant.ofEpochMilli(failed.getFinishedAtMs()), failed.getFinishedAtMs() - failed.getStartedAtMs(),
                failed.getRetryAtMs() == 0 ? null : Instant.ofEpochMilli(failed.getRetryAtMs()));
    }

    private static JsonNode json(ByteString bytes) {
        return bytes.isEmpty() ? null : Json.read(bytes.toByteArray(), JsonNode.class);
    }

    private static Failure failure(ErrorInfo error) {
        Failure.Builder failure = Failure.newBuilder();
        if (error.code() != null) {
            failure.setCode(error.code());
        }
        if (error.type() != null) {
            failure.setType(error.type());
        }
        if (error.message() != null) {
            failure.setMessage(error.message());
        }
        if (error.stackTrace() != null) {
            failure.setStackTrace(error.stackTrace());
        }
        return failure.build();
    }

    private static ErrorInfo error(Failure failure) {
        return new ErrorInfo(failure.getCode(), failure.getType().isEmpty() ? null : failure.getType(),
                failure.getMessage(), failure.getStackTrace().isEmpty() ? null : failure.getStackTrace());
    }

    private static long millis(Instant at) {
        return at == null ? 0 : at.toEpochMilli();
    }
}
