package dev.mainstay.store;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** A session got another run since its history was read (two starts raced); nothing was written. */
public final class SessionBusyException extends MainstayException {
    public SessionBusyException(String agent, String sessionId, String message) {
        super(ErrorCode.SESSION_BUSY, "session '" + sessionId + "' of agent '" + agent + "' " + message);
    }
}
