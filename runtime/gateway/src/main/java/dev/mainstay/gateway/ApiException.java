package dev.mainstay.gateway;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** A request the gateway refuses before it reaches the engine (bad JSON, too large, bad parameter). */
final class ApiException extends MainstayException {
    ApiException(ErrorCode code, String message) {
        super(code, message);
    }
}
