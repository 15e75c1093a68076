package dev.firebreak.node.api;

/**
 * The faults a node injects, for game days and tests. All zero means healthy.
 *
 * @param leakBlocksPerRequest KV blocks each finished request leaves behind (a leaking KV manager)
 * @param addedLatencyMillis delay before each request starts
 * @param errorRate share of requests failed with HTTP 500 (0-1)
 * @param truncateRate share of answers cut short: streams end without [DONE], whole answers end early as if complete
 * @param stallSeconds the engine stops making progress for this long from when it is set
 * @param model the one model the leak, latency, error and truncation faults hit, {@code null} for every
 *              model (a stall and a crash always take the whole node)
 */
public record FaultSettings(Integer leakBlocksPerRequest, Long addedLatencyMillis, Double errorRate, Double truncateRate,
                            Long stallSeconds, Boolean crash, String model) {

    public static final FaultSettings NONE = new FaultSettings(0, 0L, 0.0, 0.0, 0L, false, null);

    /** The same faults on every model of the node. */
    public FaultSettings(Integer leakBlocksPerRequest, Long addedLatencyMillis, Double errorRate, Double truncateRate,
                         Long stallSeconds, Boolean crash) {
        this(leakBlocksPerRequest, addedLatencyMillis, errorRate, truncateRate, stallSeconds, crash, null);
    }

    public FaultSettings {
        leakBlocksPerRequest = leakBlocksPerRequest == null ? 0 : leakBlocksPerRequest;
        addedLatencyMillis = addedLatencyMillis == null ? 0 : addedLatencyMillis;
        errorRate = errorRate == null ? 0 : errorRate;
        truncateRate = truncateRate == null ? 0 : truncateRate;
        stallSeconds = stallSeconds == null ? 0 : stallSeconds;
        crash = crash != null && crash;
        if (leakBlocksPerRequest < 0 || leakBlocksPerRequest > 1024) {
            throw new IllegalArgumentException("leakBlocksPerRequest must be 0-1024, got " + leakBlocksPerRequest);
        }
        if (addedLatencyMillis < 0 || addedLatencyMillis > 600_000) {
            throw new IllegalArgumentException("addedLatencyMillis must be 0-600000, got " + addedLatencyMillis);
        }
        if (!(errorRate >= 0 && errorRate <= 1) || !(truncateRate >= 0 && truncateRate <= 1)) {
            throw new IllegalArgumentException("errorRate and truncateRate must be between 0 and 1");
        }
        if (stallSeconds < 0 || stallSeconds > 3600) {
            throw new IllegalArgumentException("stallSeconds must be 0-3600, got " + stallSeconds);
        }
    }

    /** True when the per-model faults apply to {@code name}. */
    public boolean hits(String name) {
        return model == null || model.equals(name);
    }

    public boolean any() {
        return leakBlocksPerRequest > 0 || addedLatencyMillis > 0 || errorRate > 0 || truncateRate > 0 || stallSeconds > 0;
    }
}
