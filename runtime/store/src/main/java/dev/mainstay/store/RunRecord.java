package dev.mainstay.store;

/**
 * A run as stored. {@code output} is set when COMPLETED, {@code failure} when FAILED; {@code parentId}
 * when a parent run started it as a child; {@code priority} as given on start (0 by default);
 * {@code pausedAtMs} and {@code pausedBy} (a token id, may be null) while the run is paused (see
 * {@link JournalStore#pause}); {@code debounceKey} when a debounced start made it
 * ({@link JournalStore#startDebounced}).
 */
public record RunRecord(
        String id,
        String component,
        ComponentKind kind,
        RunStatus status,
        byte[] input,
        byte[] output,
        Failure failure,
        String idempotencyKey,
        long epoch,
        String workerId,
        long createdAtMs,
        long updatedAtMs,
        Long finishedAtMs,
        Long wakeAtMs,
        String waitingFor,
        String parentId,
        String startedBy,
        String cancelledBy,
        int priority,
        Long pausedAtMs,
        String pausedBy,
        String debounceKey) {

    /** Whether the run is paused: it is not claimed until resumed (it may still be RUNNING until its holder gives it back). */
    public boolean paused() {
        return pausedAtMs != null;
    }

    /** Whether later starts with its debounce key still replace its input: it waits for its window, never claimed. */
    public boolean debouncing() {
        return debounceKey != null && status == RunStatus.SUSPENDED && epoch == 0;
    }
}
