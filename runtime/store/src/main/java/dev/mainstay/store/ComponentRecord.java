package dev.mainstay.store;

import dev.mainstay.protocol.RateLimit;

/**
 * A workflow or function some worker registered; {@code inputSchema} is a JSON Schema or null,
 * {@code runTimeoutMs} the whole-run timeout of its runs or null; {@code maxConcurrency} (or null)
 * limits its runs at once, per value of the input field {@code concurrencyKey} (or null: in all);
 * {@code upgrade} says which build its runs go to once they have run; {@code rateLimit} (or null)
 * limits how many of its runs begin in a sliding window, per value of the input field
 * {@code rateKey} (or null: across all); {@code queue} (or null) names the queue whose workflows share
 * the concurrency limit: with one, {@code maxConcurrency} counts the runs of all of them.
 */
public record ComponentRecord(String name, ComponentKind kind, String inputSchema, Long runTimeoutMs,
                              Integer maxConcurrency, String concurrencyKey, UpgradeMode upgrade,
                              RateLimit rateLimit, String rateKey, String queue) {

    public ComponentRecord {
        upgrade = upgrade == null ? UpgradeMode.PINNED : upgrade;
    }

    public ComponentRecord(String name, ComponentKind kind, String inputSchema, Long runTimeoutMs,
                           Integer maxConcurrency, String concurrencyKey, UpgradeMode upgrade) {
        this(name, kind, inputSchema, runTimeoutMs, maxConcurrency, concurrencyKey, upgrade, null, null, null);
    }

    public ComponentRecord(String name, ComponentKind kind, String inputSchema, Long runTimeoutMs,
                           Integer maxConcurrency, String concurrencyKey) {
        this(name, kind, inputSchema, runTimeoutMs, maxConcurrency, concurrencyKey, UpgradeMode.PINNED);
    }

    public ComponentRecord(String name, ComponentKind kind, String inputSchema, Long runTimeoutMs) {
        this(name, kind, inputSchema, runTimeoutMs, null, null);
    }

    /** This component with the rate limit {@code rateLimit} (null: none) per value of {@code rateKey} (null: across all). */
    public ComponentRecord withRateLimit(RateLimit rateLimit, String rateKey) {
        return new ComponentRecord(name, kind, inputSchema, runTimeoutMs, maxConcurrency, concurrencyKey, upgrade,
                rateLimit, rateKey, queue);
    }

    /** This component in the queue {@code queue} (null: none, its concurrency limit is its own). */
    public ComponentRecord withQueue(String queue) {
        return new ComponentRecord(name, kind, inputSchema, runTimeoutMs, maxConcurrency, concurrencyKey, upgrade,
                rateLimit, rateKey, queue);
    }
}
