package dev.mainstay.store;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** A search attribute, or a filter by one, that breaks the attribute rules (name, kind, length); nothing was written. */
public final class InvalidAttributeException extends MainstayException {
    public InvalidAttributeException(String message) {
        super(ErrorCode.INVALID_ARGUMENT, message);
    }
}
