package dev.mainstay.sdk;

/**
 * Where a run stands. PENDING (waits for a worker), RUNNING (a worker holds it) and SUSPENDED (waits
 * on a durable timer, held by no worker) are live; COMPLETED, FAILED and CANCELLED are final.
 * PAUSED is live too: a paused run no worker holds ({@link MainstayClient#pause}), waiting for its resume.
 */
public enum RunStatus {
    PENDING, RUNNING, SUSPENDED, PAUSED, COMPLETED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
