package dev.mainstay.store;

/** What a run executes: a workflow (journaled, replayed) or a function (one retryable call). */
public enum ComponentKind { WORKFLOW, FUNCTION }
