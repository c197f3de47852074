package dev.mainstay.store;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** An idempotency key came back with a different component or input than the run it first started. */
public final class IdempotencyKeyReusedException extends MainstayException {
    private final String existingRunId;

    public IdempotencyKeyReusedException(String key, String existingRunId, String existingComponent) {
        super(ErrorCode.IDEMPOTENCY_KEY_REUSED, "idempotency key '" + key + "' already started run " + existingRunId
                + " of '" + existingComponent + "' with another request; use a new key for a new request");
        this.existingRunId = existingRunId;
    }

    public String existingRunId() { return existingRunId; }
}
