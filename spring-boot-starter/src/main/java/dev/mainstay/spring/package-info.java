/**
 * Mainstay for Spring Boot: add {@code mainstay-spring-boot-starter} and the application's beans
 * with {@code @Workflow} and {@code @Function} methods (and its {@code Agent} beans) are served by an
 * auto-configured {@link dev.mainstay.sdk.Worker}, which connects when the context has started and
 * drains when it closes; a {@link dev.mainstay.sdk.MainstayClient} bean starts and reads runs.
 * Properties under {@code mainstay.*} ({@link dev.mainstay.spring.MainstayProperties}); with the
 * actuator, a {@code mainstay} health indicator and {@code mainstay.worker.*} meters.
 *
 * <pre>{@code
 * @Component
 * class Orders {
 *     private final Payments payments;   // any bean, injected as usual
 *
 *     Orders(Payments payments) { this.payments = payments; }
 *
 *     @Workflow(name = "checkout")
 *     public Receipt checkout(WorkflowContext ctx, Order order) {
 *         String charge = ctx.step("charge-card", String.class, () -> payments.charge(order, ctx.idempotencyKey()));
 *         return new Receipt(order.id(), charge);
 *     }
 * }
 *
 * @Service
 * class Checkout {
 *     private final MainstayClient mainstay;
 *
 *     Checkout(MainstayClient mainstay) { this.mainstay = mainstay; }
 *
 *     String place(Order order) {
 *         return mainstay.start("checkout", order, StartOptions.defaults().withIdempotencyKey(order.id())).id();
 *     }
 * }
 * }</pre>
 *
 * The starter builds on the SDK only (and on the agent module when present), never on the runtime.
 */
package dev.mainstay.spring;
