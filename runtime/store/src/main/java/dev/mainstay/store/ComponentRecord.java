package dev.mainstay.store;

/** A workflow or function some worker registered; {@code inputSchema} is a JSON Schema or null. */
public record ComponentRecord(String name, ComponentKind kind, String inputSchema) {}
