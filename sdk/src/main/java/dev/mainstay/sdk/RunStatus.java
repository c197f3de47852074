package dev.mainstay.sdk;

/** Where a run stands. PENDING and RUNNING are live; COMPLETED and FAILED are final. */
public enum RunStatus {
    PENDING, RUNNING, COMPLETED, FAILED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }
}
