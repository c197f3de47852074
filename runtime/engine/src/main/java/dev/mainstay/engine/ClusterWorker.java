package dev.mainstay.engine;

/** A worker connected to one of the runtime's nodes (this one's, or another's as of its last renewal). */
public record ClusterWorker(String nodeId, WorkerInfo worker) {}
