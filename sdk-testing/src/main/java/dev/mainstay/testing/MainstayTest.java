package dev.mainstay.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JUnit 5 test class against a real Mainstay runtime: before the class's first test, a runtime
 * process starts on an embedded SQLite file in a temporary folder (free ports), and a worker in
 * this JVM serves the objects of the class's static {@link MainstayWorkflows} fields; both stop after
 * its last test. Tests and constructors take a {@link dev.mainstay.sdk.MainstayClient} or a
 * {@link TestRuntime} (start, await, events, journals) as parameters.
 *
 * <pre>{@code
 * @MainstayTest
 * class CheckoutTest {
 *     @MainstayWorkflows
 *     static final Orders orders = new Orders(new FakePayments());
 *
 *     @Test
 *     void checkout_chargesOnce(TestRuntime runtime) {
 *         RunInfo run = runtime.start("checkout", order);
 *         assertThat(runtime.result(run.id(), Receipt.class).charge()).isEqualTo("c-1");
 *         assertThat(runtime.stepNames(run.id())).containsExactly("reserve-stock", "charge-card", "send-receipt");
 *     }
 * }
 * }</pre>
 *
 * <p>The runtime is the real one ({@code mainstay server}, started through the CLI's main), so the
 * test needs {@code mainstay-cli} on its test classpath beside {@code mainstay-sdk-testing}. Its log
 * is printed when a test fails. Runs of one class share the runtime: give each test its own inputs
 * or idempotency keys.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MainstayExtension.class)
public @interface MainstayTest {
    /** Extra flags for {@code mainstay server}, e.g. {@code {"--retry-max-attempts", "1"}}. */
    String[] runtimeArgs() default {};
}
