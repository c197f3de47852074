package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.protocol.v1.Dispatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A saturated worker's slots go round the components it serves: a backlog of one cannot starve the others. */
class DispatchFairnessIT extends RealProcessesTest {
    static final int BACKLOG = 12;
    static final List<String> OTHERS = List.of("b", "c", "d", "e");

    @Test
    void saturatedWorker_servesEveryComponentBeforeOneComponentsBacklogDrains() {
        processes.runtime(dataDir);
        try (RogueWorker worker = new RogueWorker(processes)) {
            worker.register("one-slot", 1, RogueWorker.workflow("a"), RogueWorker.workflow("b"),
                    RogueWorker.workflow("c"), RogueWorker.workflow("d"), RogueWorker.workflow("e"));
            startWhenRegistered("a", 0);
            Dispatch first = worker.nextDispatch(TIMEOUT); // the slot is taken: everything below queues
            for (int i = 1; i < BACKLOG; i++) {
                client.start("a", i);
            }
            OTHERS.forEach(workflow -> client.start(workflow, 0));

            List<String> order = new ArrayList<>();
            Dispatch current = first;
            for (int served = 0; served < BACKLOG + OTHERS.size(); served++) {
                order.add(current.getComponent());
                worker.send(RogueWorker.complete(current.getRunId(), current.getEpoch(), "null"));
                if (served + 1 < BACKLOG + OTHERS.size()) {
                    current = worker.nextDispatch(TIMEOUT);
                }
            }

            assertThat(order).hasSize(BACKLOG + OTHERS.size());
            int lastA = order.lastIndexOf("a");
            for (String other : OTHERS) {
                assertThat(order.indexOf(other)).as("'%s' served before a's backlog drained; order %s", other, order)
                        .isLessThan(lastA).isLessThanOrEqualTo(2 * OTHERS.size());
            }
        }
    }
}
