package dev.mainstay.engine;

import dev.mainstay.store.ComponentKind;

/** A request to start a run of a component with a JSON input; {@code idempotencyKey} may be null. */
public record StartCommand(String component, ComponentKind kind, byte[] input, String idempotencyKey) {}
