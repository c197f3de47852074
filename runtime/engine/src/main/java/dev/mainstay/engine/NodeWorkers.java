package dev.mainstay.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mainstay.store.JournalStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers of every node: this node's as they are, the others' as each last wrote them with its
 * lease (at most a second old), so that a listing on any node shows the whole runtime.
 */
final class NodeWorkers {
    private static final Logger log = LoggerFactory.getLogger(NodeWorkers.class);
    private static final ObjectMapper JSON = new ObjectMapper(dev.mainstay.protocol.JsonLimits.factory());
    private static final TypeReference<List<WorkerInfo>> LIST = new TypeReference<>() {};

    private final JournalStore store;
    private volatile Supplier<List<WorkerInfo>> local = List::of;

    NodeWorkers(JournalStore store) {
        this.store = store;
    }

    void connect(Supplier<List<WorkerInfo>> local) {
        this.local = local;
    }

    /** This node's workers as JSON, kept with its lease. */
    String localJson() {
        try {
            return JSON.writeValueAsString(local.get());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write this node's workers", e);
        }
    }

    List<ClusterWorker> all(String nodeId) {
        List<ClusterWorker> all = new ArrayList<>();
        local.get().forEach(worker -> all.add(new ClusterWorker(nodeId, worker)));
        for (Map.Entry<String, String> node : store.otherNodesWorkers().entrySet()) {
            try {
                JSON.readValue(node.getValue(), LIST).forEach(worker -> all.add(new ClusterWorker(node.getKey(), worker)));
            } catch (JsonProcessingException e) {
                log.warn("event=node_workers_unreadable nodeId={} error={}", node.getKey(), e.getOriginalMessage());
            }
        }
        return all;
    }
}
