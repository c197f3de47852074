package dev.mainstay.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.protocol.v1.Component;
import dev.mainstay.protocol.v1.ComponentKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueuesTest {
    private static Component workflow(String name, String queue, int max) {
        return Component.newBuilder().setName("default/" + name).setKind(ComponentKind.WORKFLOW)
                .setQueue(queue.isEmpty() ? "" : "default/" + queue).setMaxConcurrency(max).build();
    }

    @Test
    void mates_areTheWorkflowsOfTheSameQueue_inAnySession() {
        Component welcome = workflow("welcome", "mail", 2);
        Component invoice = workflow("invoice", "mail", 2);
        Component report = workflow("report", "", 1);
        var one = Map.of(welcome.getName(), welcome, report.getName(), report);
        var other = Map.of(invoice.getName(), invoice);
        assertThat(Queues.mates("default/welcome", List.of(one, other)))
                .containsExactly("default/invoice", "default/welcome");
        assertThat(Queues.mates("default/report", List.of(one, other))).containsExactly("default/report");
        assertThat(Queues.mates("default/unknown", List.of(one, other))).containsExactly("default/unknown");
    }

    @Test
    void problem_namesAQueueWithoutALimit_andTwoLimitsForOneQueue() {
        Component welcome = workflow("welcome", "mail", 2);
        assertThat(Queues.problem(welcome, List.of(welcome, workflow("invoice", "mail", 2)))).isNull();
        assertThat(Queues.problem(workflow("welcome", "mail", 0), List.of()))
                .isEqualTo("'welcome' is in queue 'mail' without max_concurrency; give the queue's limit (at least 1)");
        assertThat(Queues.problem(welcome, List.of(welcome, workflow("invoice", "mail", 3))))
                .isEqualTo("queue 'mail' runs 2 at once per key (none) for 'welcome', but 3 per key (none) for 'invoice';"
                        + " declare one limit for the queue");
        assertThat(Queues.problem(workflow("w", "x".repeat(129), 1), List.of())).contains("129 characters long");
    }
}
