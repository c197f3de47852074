package dev.mainstay.engine.auth;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/**
 * No token, or one the runtime does not accept (malformed, unknown, expired, revoked). The message
 * says which, and never repeats the token.
 */
public final class UnauthenticatedException extends MainstayException {
    public UnauthenticatedException(String message) {
        super(ErrorCode.UNAUTHENTICATED, message);
    }
}
