package dev.mainstay.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application that is a Mainstay worker: {@link FulfilmentWorkflows} is an ordinary
 * bean with a {@code @Workflow} method, served by the worker that mainstay-spring-boot-starter
 * configures; {@link OrderDesk} starts its runs through the {@code MainstayClient} bean. With a
 * runtime up ({@code ./mainstay server}) and its token in {@code MAINSTAY_TOKEN}:
 *
 * <pre>
 * java -cp ... dev.mainstay.examples.spring.OrdersApplication
 * ./mainstay run place-order --input '{"orderId":"o-1","email":"a@example.com","amountCents":1999}' --wait
 * </pre>
 */
@SpringBootApplication
public class OrdersApplication {
    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }
}
