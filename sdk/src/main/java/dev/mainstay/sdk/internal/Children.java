package dev.mainstay.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.sdk.ChildOptions;
import dev.mainstay.sdk.ChildRun;
import dev.mainstay.sdk.ChildRunFailedException;
import dev.mainstay.sdk.RunStatus;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Child runs: the start is one journaled operation (kind {@code child}, output the child's id); the
 * outcome reaches the parent's inbox as the event {@code child:<id>}, journaled the first time the
 * parent awaits it. A parent does not complete before its required children end.
 */
final class Children {
    /** A child's outcome is awaited without a deadline of its own: the child has its own run timeout. */
    private static final Duration CHILD_WAIT = Duration.ofDays(365L * 100);

    private final JournalCursor cursor;
    private final Waits waits;
    private final List<Child<?>> required = new ArrayList<>();

    Children(JournalCursor cursor, Waits waits) {
        this.cursor = cursor;
        this.waits = waits;
    }

    <T> ChildRun<T> start(String workflow, Object input, Type type, ChildOptions options) {
        boolean detached = options != null && options.parentClosePolicy() == ChildOptions.ParentClosePolicy.DETACHED;
        JournalEntry recorded = cursor.advance(ReplayContext.CHILD, workflow);
        byte[] started;
        if (recorded != null) {
            started = recorded.getOutput().toByteArray();
        } else {
            cursor.releaseIfDraining();
            int position = cursor.position();
            started = cursor.awaitAck(() -> cursor.sink().startChild(position, workflow, Json.write(input), detached), position)
                    .getResult().toByteArray();
        }
        Child<T> child = new Child<>(Json.<JsonNode>read(started, JsonNode.class).path("runId").asText(), type);
        if (!detached) {
            required.add(child);
        }
        return child;
    }

    /** The body returned: a parent does not complete before its required children end. */
    void awaitRequired() {
        for (Child<?> child : required) {
            try {
                child.result();
            } catch (ChildRunFailedException ended) {
                // it ended, which is all the parent waits for; a body that cares calls result() itself
            }
        }
    }

    /** A child's handle; its outcome is journaled (as an inbox event) the first time it is awaited. */
    private final class Child<T> implements ChildRun<T> {
        private final String id;
        private final Type type;
        private JsonNode outcome;

        Child(String id, Type type) {
            this.id = id;
            this.type = type;
        }

        @Override
        public String runId() {
            return id;
        }

        @Override
        public T result() {
            if (outcome == null) {
                outcome = waits.<JsonNode>awaitEvent("child:" + id, JsonNode.class, CHILD_WAIT)
                        .orElseThrow(() -> new IllegalStateException("child run " + id + " was not awaited to its end"));
            }
            RunStatus status = RunStatus.valueOf(outcome.path("status").asText());
            if (status != RunStatus.COMPLETED) {
                JsonNode error = outcome.path("error");
                throw new ChildRunFailedException(id, status, error.path("code").asText(null), error.path("message").asText(null));
            }
            return Json.MAPPER.convertValue(outcome.get("output"), Json.MAPPER.getTypeFactory().constructType(type));
        }
    }
}
