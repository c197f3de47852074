package dev.mainstay.coordinator;

/**
 * Bounds on what one worker stream may ask of the runtime. {@code maxCapacity}: the most runs one
 * worker may register to hold at once ({@code --max-worker-capacity}); a {@code Register} above it
 * is refused, not clamped, so a misconfigured worker fails visibly. {@code registerTimeoutMs}: how
 * long a new stream may stay silent before its {@code Register} ({@code --register-timeout-ms}).
 */
public record WorkerLimits(int maxCapacity, long registerTimeoutMs) {
    public WorkerLimits {
        if (maxCapacity < 1 || maxCapacity > 1_000_000) {
            throw new IllegalArgumentException("--max-worker-capacity was " + maxCapacity + "; use 1..1000000");
        }
        if (registerTimeoutMs < 100) {
            throw new IllegalArgumentException("--register-timeout-ms was " + registerTimeoutMs + "; use at least 100");
        }
    }

    /** 1024 runs per worker (the SDK's default capacity is 1000), 10 s to register. */
    public static WorkerLimits defaults() {
        return new WorkerLimits(1024, 10_000);
    }

    public WorkerLimits withMaxCapacity(int maxCapacity) {
        return new WorkerLimits(maxCapacity, registerTimeoutMs);
    }

    public WorkerLimits withRegisterTimeoutMs(long registerTimeoutMs) {
        return new WorkerLimits(maxCapacity, registerTimeoutMs);
    }
}
