package dev.mainstay.store;

/**
 * One build of a component, as the store knows it: when a worker of it first registered, whether it
 * is the current build (new runs go to it) and the newest, and its runs by whether they still live
 * (PENDING, RUNNING, SUSPENDED: they need a worker of this build) or ended.
 */
public record BuildRecord(String component, String buildId, long firstSeenAtMs, long chosenAtMs, boolean current,
                          boolean newest, long liveRuns, long endedRuns) {}
