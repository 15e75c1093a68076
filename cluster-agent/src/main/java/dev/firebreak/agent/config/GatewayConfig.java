package dev.firebreak.agent.config;

/**
 * How the gateway protects the cluster.
 *
 * @param kvThreshold a node whose KV usage for a model is at or above this share gets no new requests for it
 * @param maxConcurrentPerModel requests in flight per model before the gateway sheds with 429
 * @param retryBudget retries allowed as a share of requests (0.1 = at most 10% extra attempts)
 * @param requestTimeoutMillis the deadline a request gets at the gateway, passed on to the node
 * @param ttftObjectiveSeconds p99 time to first token above which a node counts as overloaded
 * @param maxConcurrentPerNode requests in flight per model on one node: what one node can take of a model without
 *                             queueing. A node's share cannot grow past it when its peers fail, so their traffic
 *                             is shed (or served by a fallback) instead of piling onto the survivors
 * @param breaker the circuit breaker of each (model, node)
 * @param open open mode: a request without a working client key is served, with no limits (off by default:
 *             every client needs an API key)
 */
public record GatewayConfig(Double kvThreshold, Integer maxConcurrentPerModel, Double retryBudget, Long requestTimeoutMillis,
                            Double ttftObjectiveSeconds, Integer maxConcurrentPerNode, BreakerConfig breaker,
                            Boolean open) {

    public GatewayConfig {
        open = open != null && open;
        kvThreshold = kvThreshold == null ? 0.9 : kvThreshold;
        maxConcurrentPerModel = maxConcurrentPerModel == null ? 64 : maxConcurrentPerModel;
        retryBudget = retryBudget == null ? 0.1 : retryBudget;
        requestTimeoutMillis = requestTimeoutMillis == null ? 120_000 : requestTimeoutMillis;
        ttftObjectiveSeconds = ttftObjectiveSeconds == null ? 2.0 : ttftObjectiveSeconds;
        maxConcurrentPerNode = maxConcurrentPerNode == null ? 32 : maxConcurrentPerNode;
        breaker = breaker == null ? BreakerConfig.defaults() : breaker;
        if (!(kvThreshold > 0 && kvThreshold <= 1)) {
            throw new IllegalArgumentException("gateway.kvThreshold must be above 0 and at most 1, got " + kvThreshold);
        }
        if (maxConcurrentPerModel < 1) {
            throw new IllegalArgumentException("gateway.maxConcurrentPerModel must be at least 1, got " + maxConcurrentPerModel);
        }
        if (maxConcurrentPerNode < 1) {
            throw new IllegalArgumentException("gateway.maxConcurrentPerNode must be at least 1, got " + maxConcurrentPerNode);
        }
        if (!(retryBudget >= 0 && retryBudget <= 1)) {
            throw new IllegalArgumentException("gateway.retryBudget must be 0-1, got " + retryBudget);
        }
        if (requestTimeoutMillis < 100) {
            throw new IllegalArgumentException("gateway.requestTimeoutMillis must be at least 100, got " + requestTimeoutMillis);
        }
    }

    /** The given limits and breaker, clients needing keys. */
    public GatewayConfig(Double kvThreshold, Integer maxConcurrentPerModel, Double retryBudget, Long requestTimeoutMillis,
                         Double ttftObjectiveSeconds, Integer maxConcurrentPerNode, BreakerConfig breaker) {
        this(kvThreshold, maxConcurrentPerModel, retryBudget, requestTimeoutMillis, ttftObjectiveSeconds, maxConcurrentPerNode,
                breaker, null);
    }

    /** The same gateway, open to clients without a key or not. */
    public GatewayConfig withOpen(boolean newOpen) {
        return new GatewayConfig(kvThreshold, maxConcurrentPerModel, retryBudget, requestTimeoutMillis, ttftObjectiveSeconds,
                maxConcurrentPerNode, breaker, newOpen);
    }

    /** The given limits, with the default breaker. */
    public GatewayConfig(Double kvThreshold, Integer maxConcurrentPerModel, Double retryBudget, Long requestTimeoutMillis,
                         Double ttftObjectiveSeconds, Integer maxConcurrentPerNode) {
        this(kvThreshold, maxConcurrentPerModel, retryBudget, requestTimeoutMillis, ttftObjectiveSeconds, maxConcurrentPerNode,
                null);
    }

    public static GatewayConfig defaults() {
        return new GatewayConfig(null, null, null, null, null, null, null, null);
    }
}
