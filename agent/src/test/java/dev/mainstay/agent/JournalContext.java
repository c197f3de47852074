package dev.mainstay.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.agent.internal.AgentJson;
import dev.mainstay.sdk.DurableFuture;
import dev.mainstay.sdk.InputRequest;
import dev.mainstay.sdk.Step;
import dev.mainstay.sdk.StepOptions;
import dev.mainstay.sdk.TypeRef;
import dev.mainstay.sdk.WorkflowContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * An in-process stand-in for the runtime, for unit tests only: it journals each operation as JSON
 * and, built from an earlier journal, replays it (checking kind and name) the way the real
 * runtime does, so the loop's resume behaviour can be tested without processes.
 */
final class JournalContext implements WorkflowContext {
    record Entry(String kind, String name, String json) {}

    final List<Entry> journal = new ArrayList<>();
    private final List<Entry> recorded;
    private final Deque<Object> answers = new ArrayDeque<>();
    private int position;
    int asyncSteps;

    JournalContext() {
        this(List.of());
    }

    JournalContext(List<Entry> recorded) {
        this.recorded = recorded;
    }

    /** Answers the next awaitInput / awaitEvent with {@code answer}. */
    JournalContext answer(Object answer) {
        answers.add(answer);
        return this;
    }

    List<String> names() {
        return journal.stream().map(e -> e.kind() + " " + e.name()).toList();
    }

    @Override
    public String runId() {
        return "run-1";
    }

    @Override
    public String workflowName() {
        return "test";
    }

    @Override
    public <T> T step(String name, Class<T> type, Step<T> body) {
        return op("step", name, type, body);
    }

    @Override
    public <T> T step(String name, TypeRef<T> type, Step<T> body) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> T step(String name, Class<T> type, StepOptions options, Step<T> body) {
        return op("step", name, type, body);
    }

    @Override
    public <T> T step(String name, TypeRef<T> type, StepOptions options, Step<T> body) {
        throw new UnsupportedOperationException();
    }

    private <T> T op(String kind, String name, Class<T> type, Step<T> body) {
        try {
            if (position < recorded.size()) {
                Entry entry = recorded.get(position++);
                if (!entry.kind().equals(kind) || !entry.name().equals(name)) {
                    throw new IllegalStateException("non-determinism at " + position + ": " + entry + " vs " + kind + " " + name);
                }
                journal.add(entry);
                return AgentJson.MAPPER.readValue(entry.json(), type);
            }
            position++;
            T value = body.run();
            journal.add(new Entry(kind, name, AgentJson.MAPPER.writeValueAsString(value)));
            return value;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parallel steps run one after another here; their order in the journal is the call order either way. */
    @Override
    public <T> DurableFuture<T> stepAsync(String name, Class<T> type, Step<T> body) {
        T value = op("step", name, type, body);
        asyncSteps++;
        return new DurableFuture<>() {
            public T await() {
                return value;
            }

            public boolean isDone() {
                return true;
            }
        };
    }

    @Override
    public <T> DurableFuture<T> stepAsync(String name, TypeRef<T> type, Step<T> body) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> DurableFuture<T> stepAsync(String name, Class<T> type, StepOptions options, Step<T> body) {
        return stepAsync(name, type, body);
    }

    @Override
    public <T> DurableFuture<T> callAsync(String function, Object input, Class<T> type) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> List<T> all(List<? extends DurableFuture<? extends T>> futures) {
        return futures.stream().map(f -> (T) f.await()).toList();
    }

    @Override
    public <T> T any(List<? extends DurableFuture<? extends T>> futures) {
        return futures.getFirst().await();
    }

    @Override
    public <T> dev.mainstay.sdk.ChildRun<T> startChild(String workflow, Object input, Class<T> type,
                                                       dev.mainstay.sdk.ChildOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> dev.mainstay.sdk.ChildRun<T> startChild(String workflow, Object input, Class<T> type) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> T call(String function, Object input, Class<T> type) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void heartbeat() {}

    /** What steps sent as live output, in order. */
    final List<String> progress = new ArrayList<>();

    @Override
    public void progress(String text) {
        progress.add(text);
    }

    @Override
    public <T> Optional<T> awaitEvent(String name, Class<T> type, Duration timeout) {
        JsonNode value = op("event", name, JsonNode.class, () -> AgentJson.MAPPER.valueToTree(answers.poll()));
        return value == null || value.isNull() ? Optional.empty() : Optional.of(AgentJson.MAPPER.convertValue(value, type));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<T> awaitInput(String name, InputRequest<T> request, Duration timeout) {
        op("input", name, String.class, request::prompt);
        return awaitEvent(name, (Class<T>) request.answerType(), timeout);
    }

    @Override
    public void sleep(Duration duration) {}

    @Override
    public Instant now() {
        return Instant.EPOCH;
    }

    @Override
    public Random random() {
        return new Random(1);
    }

    @Override
    public UUID uuid() {
        return new UUID(0, position);
    }

    @Override
    public String idempotencyKey() {
        return "run-1:" + (position + 1);
    }
}
