/**
 * The Mainstay Java SDK. Annotate methods of plain objects with {@link dev.mainstay.sdk.Workflow}
 * and {@link dev.mainstay.sdk.Function}, serve them with a {@link dev.mainstay.sdk.Worker}, and
 * put every side effect of a workflow inside {@link dev.mainstay.sdk.WorkflowContext#step ctx.step}:
 *
 * <pre>{@code
 * class Orders {
 *     @Workflow
 *     public Receipt checkout(WorkflowContext ctx, Order order) {
 *         Charge charge = ctx.step("charge-card", Charge.class, () -> payments.charge(order));
 *         ctx.step("send-receipt", Void.class, () -> { mail.send(order, charge); return null; });
 *         return new Receipt(order.id(), charge.id());
 *     }
 * }
 *
 * Worker worker = Worker.builder().target("127.0.0.1:7677").register(new Orders()).build();
 * worker.start();
 * }</pre>
 *
 * Everything under {@code dev.mainstay.sdk.internal} is not API and may change without notice.
 */
package dev.mainstay.sdk;
