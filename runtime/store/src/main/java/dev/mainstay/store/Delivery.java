package dev.mainstay.store;

/** An event delivered to a run: whether it was a redelivery (same event id), and whether it woke the run. */
public record Delivery(String eventId, boolean duplicate, boolean woke, String component) {}
