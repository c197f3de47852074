package dev.mainstay.sdk;

/**
 * Throw it (or a subclass) from a step to fail the step at once, without retries: for failures that
 * another attempt cannot fix, such as a declined card or invalid data.
 */
public class TerminalException extends RuntimeException {
    public TerminalException(String message) {
        super(message);
    }

    public TerminalException(String message, Throwable cause) {
        super(message, cause);
    }
}
