package dev.mainstay.sdk;

import java.time.Instant;
import java.util.Set;

/**
 * A worker connected to the runtime: what it serves, how many runs it takes, when it last spoke, and
 * the runtime node its stream is open to (every node lists the workers of all).
 */
public record WorkerInfo(String workerId, Set<String> components, int capacity, int inFlight, Instant lastHeartbeat,
                         String node) {}
