package dev.mainstay.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.testing.TestRuntime;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application as it runs, against a real runtime process (embedded SQLite in a temporary
 * folder): the template for testing a Spring Boot worker. The runtime starts once for the class;
 * the application's worker is the one the starter configures from its beans.
 */
@SpringBootTest
class OrdersApplicationIT {
    static final TestRuntime runtime = TestRuntime.launch("orders-application");

    @DynamicPropertySource
    static void mainstay(DynamicPropertyRegistry properties) {
        properties.add("mainstay.url", runtime::url);
        properties.add("mainstay.grpc-target", runtime::grpcTarget);
        properties.add("mainstay.token", runtime::token);
    }

    @AfterAll
    static void stopRuntime() {
        runtime.close();
    }

    @Autowired OrderDesk desk;
    @Autowired Payments payments;
    @Autowired Mailer mailer;
    @Autowired @Qualifier("mainstayHealthIndicator") HealthIndicator health;

    @Test
    void placeOrder_runsOnTheApplicationsWorker_andChargesOnce() {
        Order order = new Order("o-1", "ada@example.com", 1999);

        String runId = desk.place(order);
        Receipt receipt = desk.receipt(runId, Duration.ofSeconds(30));

        assertThat(receipt.orderId()).isEqualTo("o-1");
        assertThat(receipt.chargeId()).startsWith("ch-").endsWith("-1999");
        assertThat(runtime.stepNames(runId)).containsExactly("charge-card", "send-confirmation");
        // placing the same order again returns the same run: nothing is charged or sent twice
        assertThat(desk.place(order)).isEqualTo(runId);
        assertThat(payments.charges()).isEqualTo(1);
        assertThat(mailer.sent()).containsExactly("ada@example.com:o-1");
    }

    @Test
    void health_isUpWhileTheWorkerIsRegistered() {
        // the worker connects in the background once the context has started
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(health.health().getStatus()).isEqualTo(Status.UP));
    }
}
