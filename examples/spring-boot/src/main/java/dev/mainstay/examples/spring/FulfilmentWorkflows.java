package dev.mainstay.examples.spring;

import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import org.springframework.stereotype.Component;

/**
 * A workflow bean: its collaborators are injected as in any Spring bean, and every call to them is
 * a step, so a replay after a crash returns the recorded results instead of calling them again.
 */
@Component
public class FulfilmentWorkflows {
    private final Payments payments;
    private final Mailer mailer;

    public FulfilmentWorkflows(Payments payments, Mailer mailer) {
        this.payments = payments;
        this.mailer = mailer;
    }

    @Workflow(name = "place-order")
    public Receipt placeOrder(WorkflowContext ctx, Order order) {
        String charge = ctx.step("charge-card", String.class,
                () -> payments.charge(ctx.idempotencyKey(), order.amountCents()));
        String confirmation = ctx.step("send-confirmation", String.class,
                () -> mailer.confirm(order.email(), order.orderId()));
        return new Receipt(order.orderId(), charge, confirmation);
    }
}
