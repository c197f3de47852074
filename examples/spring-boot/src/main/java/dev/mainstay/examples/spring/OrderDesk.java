package dev.mainstay.examples.spring;

import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.StartOptions;
import java.time.Duration;
import org.springframework.stereotype.Service;

/** Places orders as runs of {@code place-order}, through the auto-configured {@link MainstayClient}. */
@Service
public class OrderDesk {
    private final MainstayClient mainstay;

    public OrderDesk(MainstayClient mainstay) {
        this.mainstay = mainstay;
    }

    /** Starts the order's run (once per order id, however often this is called) and returns its id. */
    public String place(Order order) {
        RunInfo run = mainstay.start("place-order", order, StartOptions.defaults().withIdempotencyKey(order.orderId()));
        return run.id();
    }

    /** Waits for the run to finish and returns its receipt. */
    public Receipt receipt(String runId, Duration timeout) {
        return mainstay.result(runId, Receipt.class, timeout);
    }
}
