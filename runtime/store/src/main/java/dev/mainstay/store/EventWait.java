package dev.mainstay.store;

/**
 * What a wait for an event found: the journaled outcome ({@code output}, JSON: the event or a
 * timeout), or nothing yet ({@code suspended}: the run waits without a holder).
 */
public record EventWait(boolean suspended, byte[] output, long wakeAtMs) {}
