package dev.mainstay.store;

/**
 * A workflow or function some worker registered; {@code inputSchema} is a JSON Schema or null,
 * {@code runTimeoutMs} the whole-run timeout of its runs or null.
 */
public record ComponentRecord(String name, ComponentKind kind, String inputSchema, Long runTimeoutMs) {}
