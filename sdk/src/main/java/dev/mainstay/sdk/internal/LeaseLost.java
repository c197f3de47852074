package dev.mainstay.sdk.internal;

/**
 * Thrown inside a workflow thread when the worker no longer holds the run (stale epoch, lost
 * connection, re-dispatch). It is an Error so that user {@code catch (Exception e)} blocks do not
 * swallow it: the body must unwind without writing anything more. Do not catch.
 */
public final class LeaseLost extends Error {
    public LeaseLost(String message) {
        super(message, null, false, false);
    }
}
