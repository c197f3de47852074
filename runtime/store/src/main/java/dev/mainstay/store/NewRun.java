package dev.mainstay.store;

/** A run to create. {@code idempotencyKey} and {@code deadlineAtMs} (whole-run timeout) may be null. */
public record NewRun(String id, String component, ComponentKind kind, byte[] input, String idempotencyKey, long createdAtMs,
                     Long deadlineAtMs) {}
