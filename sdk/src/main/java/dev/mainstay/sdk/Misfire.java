package dev.mainstay.sdk;

/** What a schedule does with slots missed by more than a minute (the runtime was down, or busy). */
public enum Misfire {
    /** Missed slots are dropped; the schedule goes on from the next one. */
    SKIP,
    /** One run for the latest missed slot, then on from the next one. */
    FIRE_ONCE,
    /** One run for every missed slot (at most 1,000), oldest first. */
    CATCH_UP
}
