package dev.mainstay.store;

/** A recorded failure: an error code name, the user exception type (if any), message and stack trace. */
public record Failure(String code, String type, String message, String stackTrace) {}
