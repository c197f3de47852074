package dev.mainstay.engine;

import dev.mainstay.store.ComponentKind;
import java.util.List;

/**
 * A request to start a run of a component with a JSON input; {@code idempotencyKey},
 * {@code traceParent} (the caller's W3C traceparent) and {@code startedBy} (the caller's token id)
 * may be null, {@code tags} empty; {@code priority} (higher is dispatched first) is 0 unless given.
 */
public record StartCommand(String component, ComponentKind kind, byte[] input, String idempotencyKey, String traceParent,
                           List<String> tags, String startedBy, int priority) {
    public StartCommand {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public StartCommand(String component, ComponentKind kind, byte[] input, String idempotencyKey, String traceParent,
                        List<String> tags, String startedBy) {
        this(component, kind, input, idempotencyKey, traceParent, tags, startedBy, 0);
    }

    public StartCommand(String component, ComponentKind kind, byte[] input, String idempotencyKey, String traceParent,
                        List<String> tags) {
        this(component, kind, input, idempotencyKey, traceParent, tags, null);
    }

    /** A run the runtime starts for itself (no token): a schedule's slot. */
    public StartCommand(String component, ComponentKind kind, byte[] input, String idempotencyKey) {
        this(component, kind, input, idempotencyKey, null, List.of(), null);
    }
}
