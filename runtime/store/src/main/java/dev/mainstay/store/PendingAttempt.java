package dev.mainstay.store;

/**
 * The failed attempts at a position that holds no journal entry yet: how many, when the next one is
 * due ({@code retryAtMs}, null when unknown), and the operation they belong to (its kind and name,
 * which a replay must ask for again there).
 */
public record PendingAttempt(int failed, Long retryAtMs, String kind, String name) {}
