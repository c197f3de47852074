package dev.mainstay.engine;

import java.util.Set;

/** A snapshot of one connected worker, for listings; {@code buildId} is the build of its code. */
public record WorkerInfo(String workerId, String sessionId, Set<String> components, int capacity,
                         Set<String> runs, long lastHeartbeatMs, String buildId) {}
