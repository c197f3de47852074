package dev.mainstay.engine.auth;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** No token has this id. */
public final class TokenNotFoundException extends MainstayException {
    public TokenNotFoundException(String id) {
        super(ErrorCode.NOT_FOUND, "no token has id '" + id + "'; mainstay tokens list shows them");
    }
}
