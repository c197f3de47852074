package dev.mainstay.engine.auth;

/** What a call does, as far as access goes; a {@link Role} grants a set of these. */
public enum Permission {
    /** GET of runs, journals, events, sessions, workers, schedules, stats */
    READ,
    /** start runs, send events, cancel, create and delete schedules, start agent sessions */
    WRITE,
    /** create, list and revoke tokens */
    MANAGE_TOKENS,
    /** GET /metrics (unless --metrics-public) */
    READ_METRICS,
    /** open a worker stream and register components */
    WORKER_STREAM,
    /** act in any namespace, not only the token's own */
    ANY_NAMESPACE
}
