package dev.mainstay.engine.auth;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** A valid token used beyond its role. */
public final class ForbiddenException extends MainstayException {
    public ForbiddenException(Principal principal, Permission permission, String what) {
        super(ErrorCode.FORBIDDEN, "token " + principal.tokenId() + " has the role " + principal.role().label()
                + ", which may not " + what + " (" + permission.name().toLowerCase(java.util.Locale.ROOT)
                + "); use a token with a role that may (mainstay tokens create --role ...)");
    }
}
