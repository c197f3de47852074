package dev.mainstay.examples.spring;

/** What the {@code place-order} workflow takes. */
public record Order(String orderId, String email, long amountCents) {}
