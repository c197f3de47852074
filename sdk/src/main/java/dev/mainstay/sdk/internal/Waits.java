package dev.mainstay.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.mainstay.protocol.v1.Ack;
import dev.mainstay.protocol.v1.EntryStatus;
import dev.mainstay.protocol.v1.JournalEntry;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Durable waits: {@code ctx.sleep} (a journaled wake time) and event waits (an entry the runtime
 * journals when the event, or the timeout, comes). A long wait hands the run back to the runtime
 * (no thread, no slot); a short sleep waits in the run's thread.
 */
final class Waits {
    private final JournalCursor cursor;
    private final long inWorkerBackoffMs;

    Waits(JournalCursor cursor, long inWorkerBackoffMs) {
        this.cursor = cursor;
        this.inWorkerBackoffMs = inWorkerBackoffMs;
    }

    <T> Optional<T> awaitEvent(String name, Type type, Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("awaitEvent timeout was " + timeout + "; use zero or more");
        }
        JournalEntry recorded = cursor.advance(ReplayContext.EVENT, name);
        byte[] outcome;
        if (recorded != null) {
            outcome = recorded.getOutput().toByteArray();
        } else {
            cursor.releaseIfDraining();
            cursor.settleParallel(); // the run may be suspended by this wait: no parallel step may be left writing
            int position = cursor.position();
            Ack ack = cursor.awaitAck(cursor.sink().awaitEvent(position, name, timeout.toMillis()), position);
            if (ack.getSuspended()) {
                throw new Suspended("run " + cursor.runId() + " waits for event '" + name + "'");
            }
            outcome = ack.getResult().toByteArray();
        }
        JsonNode envelope = Json.read(outcome, JsonNode.class);
        if (!envelope.path("received").asBoolean()) {
            return Optional.empty();
        }
        return Optional.ofNullable(Json.MAPPER.convertValue(envelope.get("payload"), Json.MAPPER.getTypeFactory().constructType(type)));
    }

    void sleep(Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("sleep duration was " + duration + "; use zero or more");
        }
        JournalEntry recorded = cursor.advance(ReplayContext.SLEEP, ReplayContext.SLEEP);
        long wakeAt;
        if (recorded != null) {
            wakeAt = Json.<Long>read(recorded.getOutput().toByteArray(), Long.class);
        } else {
            cursor.releaseIfDraining();
            int position = cursor.position();
            long now = System.currentTimeMillis();
            wakeAt = now + duration.toMillis();
            JournalEntry entry = JournalEntry.newBuilder().setPosition(position).setKind(ReplayContext.SLEEP)
                    .setName(ReplayContext.SLEEP).setStatus(EntryStatus.SUCCEEDED).setAttempt(1).setStartedAtMs(now)
                    .setFinishedAtMs(now).setOutput(ByteString.copyFrom(Json.write(wakeAt))).build();
            if (duration.toMillis() > inWorkerBackoffMs) {
                cursor.settleParallel();
                cursor.awaitCommit(cursor.sink().appendAndSuspend(entry, wakeAt), position);
                throw new Suspended("run " + cursor.runId() + " sleeps until " + Instant.ofEpochMilli(wakeAt));
            }
            cursor.awaitCommit(cursor.sink().append(entry), position);
        }
        long remaining = wakeAt - System.currentTimeMillis();
        if (remaining > 0) {
            try {
                Thread.sleep(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LeaseLost("run " + cursor.runId() + " was interrupted while sleeping");
            }
        }
    }
}
