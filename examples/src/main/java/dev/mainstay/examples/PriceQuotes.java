package dev.mainstay.examples;

import dev.mainstay.sdk.DurableFuture;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Fan-out and join: asks 20 suppliers for a quote at once (20 parallel steps), waits for all, and
 * picks the cheapest. Each quote is journaled when it arrives, at the position it took when it was
 * asked for, so a crash in the middle asks again only the suppliers that had not answered.
 */
public final class PriceQuotes {

    public record Request(String product, int suppliers) {}

    public record Quote(String supplier, BigDecimal price) {}

    public record Best(String product, Quote cheapest, int quotes) {}

    @Workflow(name = "best-price")
    public Best bestPrice(WorkflowContext ctx, Request request) {
        int suppliers = request.suppliers() > 0 ? request.suppliers() : 20;
        List<DurableFuture<Quote>> asked = IntStream.rangeClosed(1, suppliers)
                .mapToObj(i -> "supplier-" + i)
                .map(supplier -> ctx.stepAsync("quote-" + supplier, Quote.class, () -> quote(supplier, request.product())))
                .toList();
        List<Quote> quotes = ctx.all(asked);
        Quote cheapest = quotes.stream().min(Comparator.comparing(Quote::price)).orElseThrow();
        return new Best(request.product(), cheapest, quotes.size());
    }

    /** Stands for a supplier's API: answers after a while, with a price of its own. */
    private static Quote quote(String supplier, String product) throws InterruptedException {
        int seed = Math.abs((supplier + product).hashCode());
        Thread.sleep(20 + seed % 200);
        return new Quote(supplier, BigDecimal.valueOf(1000 + seed % 900, 2));
    }
}
