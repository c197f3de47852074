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
            Ack ack = cursor.awaitAck(() -> cursor.sink().awaitEvent(position, name, timeout.toMillis()), position);
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

    /**
     * A durable sleep. Its entry (the wake time) is journaled first; then the run waits: handed back
     * to the runtime's timer when the wait is long, else in this thread. A replayed sleep waits only
     * for what remains, and the same way. Either wait is a cancel point: once the run's cancellation
     * is known (before the wait, or by a Cancel during it) the body gets {@link
     * dev.mainstay.sdk.CancelledException} at once, journaled as a {@code cancel} entry right after the
     * sleep that names it, so a replay throws from the same sleep.
     */
    void sleep(Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("sleep duration was " + duration + "; use zero or more");
        }
        JournalEntry recorded = cursor.advance(ReplayContext.SLEEP, ReplayContext.SLEEP);
        int position = cursor.position();
        long wakeAt;
        if (recorded != null) {
            if (cursor.cancelledDuringSleep(position)) {
                throw cursor.replayCancelAfterSleep(position);
            }
            if (cursor.hasEntryAfter(position)) {
                return; // it ended before: what followed it is journaled (whatever the clocks say now)
            }
            wakeAt = Json.<Long>read(recorded.getOutput().toByteArray(), Long.class);
        } else {
            cursor.releaseIfDraining();
            long now = cursor.now();
            wakeAt = now + duration.toMillis();
            JournalEntry entry = JournalEntry.newBuilder().setPosition(position).setKind(ReplayContext.SLEEP)
                    .setName(ReplayContext.SLEEP).setStatus(EntryStatus.SUCCEEDED).setAttempt(1).setStartedAtMs(now)
                    .setFinishedAtMs(now).setOutput(ByteString.copyFrom(Json.write(wakeAt))).build();
            if (duration.toMillis() > inWorkerBackoffMs) {
                cursor.settleParallel();
                cursor.awaitCommit(() -> cursor.sink().appendAndSuspend(entry, wakeAt), position);
                throw new Suspended("run " + cursor.runId() + " sleeps until " + Instant.ofEpochMilli(wakeAt));
            }
            cursor.awaitCommit(() -> cursor.sink().append(entry), position);
        }
        long remaining = wakeAt - cursor.now();
        if (remaining <= 0) {
            return;
        }
        if (cursor.cancelPending()) {
            throw cursor.cancelAfterSleep(position);
        }
        if (remaining > inWorkerBackoffMs && !cursor.cancelKnown()) {
            // re-dispatched early (another worker's longer in-worker limit, a clock ahead): no thread, no slot
            cursor.settleParallel();
            cursor.awaitCommit(() -> cursor.sink().suspendUntil(wakeAt), position);
            throw new Suspended("run " + cursor.runId() + " sleeps on until " + Instant.ofEpochMilli(wakeAt));
        }
        if (cursor.pauseUnlessCancelled(remaining, "sleeping") && cursor.cancelPending()) {
            throw cursor.cancelAfterSleep(position);
        }
    }
}
