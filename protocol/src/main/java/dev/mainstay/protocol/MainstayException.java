package dev.mainstay.protocol;

/**
 * The root of every Mainstay failure a user can act on. Each subclass names one failure and
 * carries a stable {@link ErrorCode}; the message says what happened and what to do.
 */
public abstract class MainstayException extends RuntimeException {
    private final ErrorCode code;

    protected MainstayException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    protected MainstayException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
