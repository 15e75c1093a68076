package dev.firebreak.node.engine.batch;

/**
 * Per-model scheduling limits.
 *
 * @param maxRunning sequences in the running batch at once (the per-model concurrency limit)
 * @param maxBatchTokens rows per forward pass: decode rows first, then prompt chunks up to this
 * @param maxWaiting queued requests before new ones are refused
 */
public record SchedulerLimits(int maxRunning, int maxBatchTokens, int maxWaiting) {

    public SchedulerLimits {
        if (maxRunning < 1 || maxBatchTokens < 1 || maxWaiting < 0) {
            throw new IllegalArgumentException("scheduler limits must be positive: " + maxRunning + ", "
                    + maxBatchTokens + ", " + maxWaiting);
        }
    }

    public static SchedulerLimits defaults() {
        return new SchedulerLimits(16, 256, 256);
    }
}
