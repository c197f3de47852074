package dev.mainstay.examples;

import dev.mainstay.agent.Param;
import dev.mainstay.agent.Tool;
import java.util.List;
import java.util.Map;

/** The support agent's tools: two that read, one that moves money and so waits for a human's approval. */
public final class SupportTools {

    public record Order(String orderId, String customer, List<String> items, double total, String status) {}

    public record Article(String title, String text) {}

    private static final Map<String, Order> ORDERS = Map.of(
            "o-1001", new Order("o-1001", "ada@example.com", List.of("tea kettle"), 25.00, "delivered, reported damaged"),
            "o-1002", new Order("o-1002", "alan@example.com", List.of("notebook", "pen"), 13.70, "in transit"));

    @Tool(description = "Looks up an order: customer, items, total in EUR and delivery status")
    public Order lookupOrder(@Param("the order id, e.g. o-1001") String orderId) {
        Order order = ORDERS.get(orderId);
        if (order == null) {
            throw new IllegalArgumentException("no order " + orderId);
        }
        return order;
    }

    @Tool(description = "Searches the help center and returns the best matching article")
    public Article searchHelp(@Param("what to search for") String query) {
        return new Article("Damaged deliveries", "Items that arrive damaged are refunded in full; no return needed.");
    }

    @Tool(description = "Refunds an amount of an order to the customer's card", requiresApproval = true)
    public String refund(@Param("the order id") String orderId, @Param("amount in EUR") double amount,
                         @Param("why, for the customer's record") String reason) {
        return "refund of " + amount + " EUR for " + orderId + " issued (" + reason + ")";
    }
}
