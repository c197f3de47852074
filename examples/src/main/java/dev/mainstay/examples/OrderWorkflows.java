package dev.mainstay.examples;

import dev.mainstay.sdk.Function;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A checkout: reserve stock, charge the card (with an idempotency key the payment provider can
 * de-duplicate on), and send a receipt. Each side effect is a step, so a crash anywhere resumes
 * after the last finished one: nobody is charged twice.
 */
public final class OrderWorkflows {

    public record Item(String sku, int quantity, BigDecimal unitPrice) {}

    public record Order(String orderId, String customer, List<Item> items) {}

    public record Receipt(String orderId, String chargeId, BigDecimal total, String reservation, Instant at) {}

    @Workflow(name = "checkout")
    public Receipt checkout(WorkflowContext ctx, Order order) {
        if (order.items() == null || order.items().isEmpty()) {
            throw new IllegalArgumentException("order " + order.orderId() + " has no items");
        }
        String reservation = ctx.step("reserve-stock", String.class,
                () -> "res-" + order.orderId() + "-" + order.items().size());
        BigDecimal total = ctx.call("price", order, BigDecimal.class);
        String chargeKey = ctx.idempotencyKey();
        String chargeId = ctx.step("charge-card", String.class,
                () -> "ch_" + Integer.toHexString((chargeKey + total).hashCode()));
        ctx.step("send-receipt", Boolean.class, () -> true);
        return new Receipt(order.orderId(), chargeId, total, reservation, ctx.now());
    }

    @Function(name = "price")
    public BigDecimal price(Order order) {
        return order.items().stream()
                .map(i -> i.unitPrice().multiply(BigDecimal.valueOf(i.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
