package dev.mainstay.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.mainstay.protocol.v1.Ack;
import dev.mainstay.protocol.v1.AttemptFailed;
import dev.mainstay.protocol.v1.EntryStatus;
import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.sdk.AttemptInfo;
import dev.mainstay.sdk.StepInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtime's side of a run, played in process for {@link OfflineRuns#live}: every write is
 * journaled here and acknowledged at once; what the runtime would journal itself (an event or its
 * timeout, a child's start and outcome) comes from the {@link OfflineRuns.Script}; waits (sleeps,
 * retry backoffs) are not waited but reported to the script, so a week's sleep takes no time.
 */
final class ScriptedSink implements JournalSink {
    private final String runId;
    private final OfflineRuns.Script script;
    private final List<JournalEntry> journal = new ArrayList<>();
    private final List<AttemptInfo> attempts = new ArrayList<>();
    /** The children started, by id: their workflow and input, for the script to answer. */
    private final Map<String, Child> children = new ConcurrentHashMap<>();

    private record Child(String workflow, JsonNode input) {}

    ScriptedSink(String runId, List<JournalEntry> recorded, OfflineRuns.Script script) {
        this.runId = runId;
        this.script = script;
        journal.addAll(recorded);
        for (JournalEntry entry : recorded) { // children started before: the script answers their outcomes too
            if (entry.getKind().equals(ReplayContext.CHILD)) {
                String id = Json.<JsonNode>read(entry.getOutput().toByteArray(), JsonNode.class)
                        .path("runId").asText();
                children.put(id, new Child(entry.getName(), entry.getInput().isEmpty() ? null
                        : Json.<JsonNode>read(entry.getInput().toByteArray(), JsonNode.class)));
            }
        }
    }

    synchronized List<StepInfo> journal() {
        return journal.stream().sorted(Comparator.comparingInt(JournalEntry::getPosition)).map(RecordedEntries::step).toList();
    }

    synchronized List<AttemptInfo> attempts() {
        return List.copyOf(attempts);
    }

    private synchronized CompletableFuture<Ack> journaled(JournalEntry entry, byte[] result) {
        journal.add(entry);
        Ack.Builder ack = Ack.newBuilder().setOk(true).setPosition(entry.getPosition());
        if (result != null) {
            ack.setResult(ByteString.copyFrom(result));
        }
        return CompletableFuture.completedFuture(ack.build());
    }

    private static JournalEntry.Builder entry(int position, String kind, String name, byte[] output) {
        long now = System.currentTimeMillis();
        return JournalEntry.newBuilder().setPosition(position).setKind(kind).setName(name).setStatus(EntryStatus.SUCCEEDED)
                .setAttempt(1).setStartedAtMs(now).setFinishedAtMs(now).setOutput(ByteString.copyFrom(output));
    }

    @Override
    public CompletableFuture<Ack> append(JournalEntry entry) {
        return journaled(entry, null);
    }

    @Override
    public CompletableFuture<Ack> appendAndSuspend(JournalEntry entry, long wakeAtMs) {
        return journaled(entry, null); // not reached: a scripted run waits in its thread, without waiting
    }

    /** An event, or its timeout, or a child's outcome: journaled as the runtime would, answered at once. */
    @Override
    public CompletableFuture<Ack> awaitEvent(int position, String name, long timeoutMs) {
        ObjectNode envelope = Json.MAPPER.createObjectNode();
        Child child = name.startsWith("child:") ? children.get(name.substring("child:".length())) : null;
        Optional<Object> payload = child != null
                ? Optional.of(childCompleted(script.child(child.workflow(), child.input())))
                : script.event(name, Duration.ofMillis(timeoutMs));
        if (payload.isPresent()) {
            envelope.put("received", true).set("payload", Json.MAPPER.valueToTree(payload.get()));
        } else {
            envelope.put("received", false);
            script.waited(Duration.ofMillis(timeoutMs));
        }
        byte[] outcome = Json.write(envelope);
        return journaled(entry(position, ReplayContext.EVENT, name, outcome).build(), outcome);
    }

    /** A child's outcome as the runtime delivers it to the parent's inbox. */
    private static ObjectNode childCompleted(Object output) {
        ObjectNode outcome = Json.MAPPER.createObjectNode().put("status", "COMPLETED");
        outcome.set("output", Json.MAPPER.valueToTree(output));
        return outcome;
    }

    @Override
    public CompletableFuture<Ack> startChild(int position, String component, byte[] input, boolean detached) {
        String id = UUID.nameUUIDFromBytes((runId + "/child/" + position).getBytes(StandardCharsets.UTF_8)).toString();
        children.put(id, new Child(component, Json.read(input, JsonNode.class)));
        byte[] started = Json.write(Map.of("runId", id));
        return journaled(entry(position, ReplayContext.CHILD, component, started).build(), started);
    }

    @Override
    public synchronized CompletableFuture<Ack> attemptFailed(AttemptFailed.Builder attempt) {
        attempts.add(RecordedEntries.attempt(attempt.build()));
        return CompletableFuture.completedFuture(Ack.newBuilder().setOk(true).setPosition(attempt.getPosition()).build());
    }

    @Override
    public void output(int position, String text) {
        script.progress(position, text);
    }

    @Override
    public CompletableFuture<Ack> release() {
        return CompletableFuture.completedFuture(Ack.newBuilder().setOk(true).build());
    }

    @Override
    public CompletableFuture<Ack> suspendUntil(long wakeAtMs) {
        return release(); // not reached: a scripted run never hands itself back
    }

    @Override
    public boolean draining() {
        return false;
    }

    @Override
    public boolean cancelRequested() {
        return script.cancelRequested();
    }

    @Override
    public boolean sleepUnlessCancelled(long millis) {
        script.waited(Duration.ofMillis(millis));
        return script.cancelRequested();
    }
}
