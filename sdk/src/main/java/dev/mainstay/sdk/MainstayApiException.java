package dev.mainstay.sdk;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** The runtime refused a client request; {@link #code()} says why, {@link #httpStatus()} how it answered. */
public final class MainstayApiException extends MainstayException {
    private final int httpStatus;

    public MainstayApiException(ErrorCode code, int httpStatus, String message) {
        super(code, message);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
