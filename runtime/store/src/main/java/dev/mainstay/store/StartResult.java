package dev.mainstay.store;

/** The run a start returned, and whether this start created it (false: the idempotency key was known). */
public record StartResult(RunRecord run, boolean created) {}
