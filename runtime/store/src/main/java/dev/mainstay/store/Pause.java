package dev.mainstay.store;

/** A workflow's pause: since when, and by whom (a token id, may be null). See {@link JournalStore#pauseComponent}. */
public record Pause(long atMs, String by) {}
