package dev.mainstay.sdk.internal;

/**
 * Thrown inside a workflow thread once the runtime took the run back to wait on a durable timer
 * (a long retry backoff): the body unwinds and the thread ends; a later dispatch replays it. It is
 * an Error so that user {@code catch (Exception e)} blocks do not swallow it. Do not catch.
 */
public final class Suspended extends Error {
    public Suspended(String message) {
        super(message, null, false, false);
    }
}
