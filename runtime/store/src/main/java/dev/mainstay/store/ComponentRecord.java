package dev.mainstay.store;

/**
 * A workflow or function some worker registered; {@code inputSchema} is a JSON Schema or null,
 * {@code runTimeoutMs} the whole-run timeout of its runs or null; {@code maxConcurrency} (or null)
 * limits its runs at once, per value of the input field {@code concurrencyKey} (or null: in all).
 */
public record ComponentRecord(String name, ComponentKind kind, String inputSchema, Long runTimeoutMs,
                              Integer maxConcurrency, String concurrencyKey) {

    public ComponentRecord(String name, ComponentKind kind, String inputSchema, Long runTimeoutMs) {
        this(name, kind, inputSchema, runTimeoutMs, null, null);
    }
}
