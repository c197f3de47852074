package dev.mainstay.sdk;

/** A recorded failure: stable error code, exception type (if user code threw), message, stack trace. */
public record ErrorInfo(String code, String type, String message, String stackTrace) {}
