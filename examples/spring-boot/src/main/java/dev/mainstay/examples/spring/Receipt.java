package dev.mainstay.examples.spring;

/** What the {@code place-order} workflow returns. */
public record Receipt(String orderId, String chargeId, String confirmationId) {}
