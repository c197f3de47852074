package dev.mainstay.store;

/** A run that waits for a worker of its component. */
public record ReadyRun(String id, String component) {}
