package dev.mainstay.store;

/**
 * A workflow or function some worker registered; {@code inputSchema} is a JSON Schema or null,
 * {@code runTimeoutMs} the whole-run timeout of its runs or null; {@code maxConcurrency} (or null)
 * limits its runs at once, per value of the input field {@code concurrencyKey} (or null: in all);
 * {@code upgrade} says which build its runs go to once they have run.
 */
public record ComponentRecord(String name, ComponentKind kind, String inputSchema, Long runTimeoutMs,
                              Integer maxConcurrency, String concurrencyKey, UpgradeMode upgrade) {

    public ComponentRecord {
        upgrade = upgrade == null ? UpgradeMode.PINNED : upgrade;
    }

    public ComponentRecord(String name, ComponentKind kind, String inputSchema, Long runTimeoutMs,
                           Integer maxConcurrency, String concurrencyKey) {
        this(name, kind, inputSchema, runTimeoutMs, maxConcurrency, concurrencyKey, UpgradeMode.PINNED);
    }

    public ComponentRecord(String name, ComponentKind kind, String inputSchema, Long runTimeoutMs) {
        this(name, kind, inputSchema, runTimeoutMs, null, null);
    }
}
