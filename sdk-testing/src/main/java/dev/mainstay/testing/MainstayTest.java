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

    /**
     * Time skipping ({@code mainstay server --test-clock}): whenever no run is running or waiting for
     * a worker, the runtime's clock jumps to the next durable sleep, retry, event timeout or run
     * deadline, and the worker follows it, so a workflow that sleeps a week finishes in milliseconds
     * and {@code ctx.now()} reads the skipped time. Schedules fire by the moved clock but never pull it.
     *
     * <p>A trap: time skips as soon as nothing runs, whatever the test is about to do. A run that
     * waits for an event with a timeout, and is the only thing left, jumps to that timeout at once, so
     * a {@code sendEvent} from the test races the jump and may find the wait timed out:
     * <pre>{@code
     * runtime.awaitWaitingFor(run.id(), "approved");
     * runtime.sendEvent(run.id(), "approved", true);   // may arrive after the skipped 3-day timeout
     * }</pre>
     * Let a time-skipping test check what a timeout does, and test a delivered event in a class without
     * it (or against a wait without a timeout, which never skips). Off by default; a runtime without it
     * never skips.
     */
    boolean timeSkipping() default false;
}
