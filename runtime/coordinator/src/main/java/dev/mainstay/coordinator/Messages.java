package dev.mainstay.coordinator;

import com.google.protobuf.ByteString;
import dev.mainstay.protocol.v1.ComponentKind;
import dev.mainstay.protocol.v1.EntryStatus;
import dev.mainstay.store.Claim;
import dev.mainstay.store.Failure;
import dev.mainstay.store.JournalEntry;

/** Translation between the wire messages and the store's records. */
final class Messages {
    private Messages() {}

    static JournalEntry entry(dev.mainstay.protocol.v1.JournalEntry e) {
        boolean succeeded = e.getStatus() == EntryStatus.SUCCEEDED;
        return new JournalEntry(e.getPosition(), e.getKind(), e.getName(), succeeded,
                bytesOrNull(e.getInput()), succeeded ? e.getOutput().toByteArray() : null,
                succeeded ? null : failure(e.getFailure()), e.getAttempt(), e.getStartedAtMs(), e.getFinishedAtMs());
    }

    static dev.mainstay.protocol.v1.JournalEntry entry(JournalEntry e) {
        var b = dev.mainstay.protocol.v1.JournalEntry.newBuilder()
                .setPosition(e.position())
                .setKind(e.kind())
                .setName(e.name())
                .setStatus(e.succeeded() ? EntryStatus.SUCCEEDED : EntryStatus.FAILED)
                .setAttempt(e.attempt())
                .setStartedAtMs(e.startedAtMs())
                .setFinishedAtMs(e.finishedAtMs());
        if (e.input() != null) {
            b.setInput(ByteString.copyFrom(e.input()));
        }
        if (e.output() != null) {
            b.setOutput(ByteString.copyFrom(e.output()));
        }
        if (e.failure() != null) {
            b.setFailure(failure(e.failure()));
        }
        return b.build();
    }

    static Failure failure(dev.mainstay.protocol.v1.Failure f) {
        return new Failure(f.getCode(), emptyToNull(f.getType()), f.getMessage(), emptyToNull(f.getStackTrace()));
    }

    static dev.mainstay.protocol.v1.Failure failure(Failure f) {
        var b = dev.mainstay.protocol.v1.Failure.newBuilder().setCode(f.code()).setMessage(nullToEmpty(f.message()));
        if (f.type() != null) {
            b.setType(f.type());
        }
        if (f.stackTrace() != null) {
            b.setStackTrace(f.stackTrace());
        }
        return b.build();
    }

    static dev.mainstay.protocol.v1.Dispatch.Builder dispatch(Claim claim) {
        var b = dev.mainstay.protocol.v1.Dispatch.newBuilder()
                .setRunId(claim.run().id())
                .setComponent(dev.mainstay.engine.Namespaces.local(claim.run().component()))
                .setKind(kind(claim.run().kind()))
                .setInput(ByteString.copyFrom(claim.run().input()))
                .setEpoch(claim.epoch())
                .putAllFailedAttempts(claim.failedAttempts())
                .setCancelRequested(claim.cancelRequested())
                .setJournalTruncated(!claim.journalComplete())
                .setCreatedAtMs(claim.run().createdAtMs());
        claim.pendingAttempts().forEach((position, pending) -> b.putPendingAttempts(position,
                dev.mainstay.protocol.v1.PendingAttempts.newBuilder().setFailed(pending.failed())
                        .setRetryAtMs(pending.retryAtMs() == null ? 0 : pending.retryAtMs())
                        .setKind(nullToEmpty(pending.kind())).setName(nullToEmpty(pending.name())).build()));
        claim.journal().forEach(e -> b.addJournal(entry(e)));
        return b;
    }

    /** What a worker reported while it happened, for the run's live watchers. */
    static dev.mainstay.engine.LiveEvent live(dev.mainstay.protocol.v1.Progress progress) {
        return switch (progress.getKindCase()) {
            case ATTEMPT_BEGAN -> {
                var began = progress.getAttemptBegan();
                yield new dev.mainstay.engine.LiveEvent.AttemptBegan(progress.getPosition(), began.getKind(),
                        began.getName(), began.getAttempt(), began.getStartedAtMs());
            }
            case OUTPUT -> new dev.mainstay.engine.LiveEvent.Output(progress.getPosition(), progress.getOutput());
            case KIND_NOT_SET -> null;
        };
    }

    static ComponentKind kind(dev.mainstay.store.ComponentKind kind) {
        return kind == dev.mainstay.store.ComponentKind.WORKFLOW ? ComponentKind.WORKFLOW : ComponentKind.FUNCTION;
    }

    static dev.mainstay.store.ComponentKind kind(ComponentKind kind) {
        return kind == ComponentKind.FUNCTION ? dev.mainstay.store.ComponentKind.FUNCTION : dev.mainstay.store.ComponentKind.WORKFLOW;
    }

    /** An unknown (newer) value reads as PINNED: a run is never moved to another build by mistake. */
    static dev.mainstay.store.UpgradeMode upgrade(dev.mainstay.protocol.v1.Upgrade upgrade) {
        return upgrade == dev.mainstay.protocol.v1.Upgrade.UPGRADE_LATEST
                ? dev.mainstay.store.UpgradeMode.LATEST : dev.mainstay.store.UpgradeMode.PINNED;
    }

    private static byte[] bytesOrNull(ByteString bytes) {
        return bytes.isEmpty() ? null : bytes.toByteArray();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
