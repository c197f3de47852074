package dev.mainstay.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.examples.OrderWorkflows.Item;
import dev.mainstay.examples.OrderWorkflows.Order;
import dev.mainstay.examples.OrderWorkflows.Receipt;
import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.testing.MainstayTest;
import dev.mainstay.testing.MainstayWorkflows;
import dev.mainstay.testing.Replayer;
import dev.mainstay.testing.TestRuntime;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How to test a workflow against a real runtime: {@code @MainstayTest} starts {@code mainstay server}
 * (embedded SQLite in a temporary folder) for this class and serves the {@code @MainstayWorkflows}
 * objects from a worker in this JVM; tests take a {@link MainstayClient} or a {@link TestRuntime}.
 */
@MainstayTest
class OrderWorkflowsIT {

    @MainstayWorkflows
    static final OrderWorkflows orders = new OrderWorkflows();

    static Order order(String id) {
        return new Order(id, "ada", List.of(new Item("book", 2, new BigDecimal("12.50")), new Item("pen", 1, BigDecimal.ONE)));
    }

    @Test
    void checkout_completesWithTheTotal_andJournalsEachSideEffectOnce(TestRuntime runtime) {
        RunInfo run = runtime.start("checkout", order("o-1"));

        Receipt receipt = runtime.result(run.id(), Receipt.class);

        assertThat(receipt.total()).isEqualByComparingTo("26.00");
        assertThat(runtime.stepNames(run.id())).containsExactly("reserve-stock", "price", "charge-card", "send-receipt", "now");
    }

    @Test
    void checkout_withoutItems_fails(MainstayClient client) {
        RunInfo run = client.start("checkout", new Order("o-2", "ada", List.of()));

        assertThat(client.await(run.id(), TestRuntime.TIMEOUT).error().message()).contains("has no items");
    }

    /** What a CI does before a deploy: recorded runs must still replay against the new code. */
    @Test
    void aRecordedRun_replaysAgainstTheCurrentCode(TestRuntime runtime, @TempDir Path recorded) {
        RunInfo run = runtime.start("checkout", order("o-3"));
        runtime.awaitFinished(run.id());

        runtime.export(run.id(), recorded.resolve(run.id() + ".json")); // or: mainstay runs export <id> > file

        assertThat(Replayer.replayAll(new OrderWorkflows(), recorded)).isEqualTo(1);
    }
}
