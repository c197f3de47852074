package dev.mainstay.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.examples.OrderWorkflows.Item;
import dev.mainstay.examples.OrderWorkflows.Order;
import dev.mainstay.examples.OrderWorkflows.Receipt;
import dev.mainstay.testing.TestWorkflowContext;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How to unit-test a workflow body without a runtime: {@link TestWorkflowContext}. */
class OrderWorkflowsTest {
    final OrderWorkflows orders = new OrderWorkflows();
    final Order order = new Order("o-1", "ada", List.of(new Item("book", 2, new BigDecimal("12.50"))));

    @Test
    void checkout_chargesTheTotal() {
        TestWorkflowContext ctx = new TestWorkflowContext().register(orders); // ctx.call("price") runs here

        Receipt receipt = orders.checkout(ctx, order);

        assertThat(receipt.total()).isEqualByComparingTo("25.00");
        assertThat(ctx.stepNames()).containsExactly("reserve-stock", "price", "charge-card", "send-receipt", "now");
    }

    @Test
    void checkout_resumedAfterTheCharge_chargesNoSecondTime() {
        TestWorkflowContext first = new TestWorkflowContext().register(orders);
        Receipt charged = orders.checkout(first, order);

        // a crash right after charge-card was journaled: the replay returns the recorded charge
        TestWorkflowContext resumed = new TestWorkflowContext().register(orders).replaying(first.journal().subList(0, 3));
        Receipt receipt = orders.checkout(resumed, order);
        resumed.finished();

        assertThat(receipt.chargeId()).isEqualTo(charged.chargeId());
        assertThat(resumed.journal()).hasSameSizeAs(first.journal());
    }
}
