package dev.firebreak.agent.drain;

import dev.firebreak.agent.api.NodeReport;
import dev.firebreak.node.api.DrainProgress;
import dev.firebreak.node.api.NodeState;

import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * Drains done at the gateway, for engines without a drain endpoint (vLLM, llama.cpp, SGLang, any
 * OpenAI server): the node is reported DRAINING, so the gateway sends it no new work, until the
 * requests the gateway has in flight on it have finished; then DRAINED until resumed. Progress
 * counts the gateway's own in-flight requests: requests sent to the engine by others are not seen.
 */
public final class GatewayDrains {

    private record Drain(long startedAtMillis, long deadlineMillis) {
    }

    private final Map<String, Drain> drains = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private volatile ToIntFunction<String> inFlight = node -> 0;

    public GatewayDrains(InstantSource clock) {
        this.clock = clock;
    }

    /** Where the gateway's in-flight requests per node are counted (set once the gateway exists). */
    public void countInFlight(ToIntFunction<String> perNode) {
        this.inFlight = perNode;
    }

    /** Starts draining {@code nodeId}; false if it is already draining. */
    public boolean start(String nodeId, long deadlineSeconds) {
        long now = clock.millis();
        return drains.putIfAbsent(nodeId, new Drain(now, now + deadlineSeconds * 1000)) == null;
    }

    /** Ends the drain of {@code nodeId}; false if it was not draining. */
    public boolean resume(String nodeId) {
        return drains.remove(nodeId) != null;
    }

    /** The requests the gateway still has in flight on {@code nodeId}. */
    public int left(String nodeId) {
        return inFlight.applyAsInt(nodeId);
    }

    /** {@code report} as a drain at the gateway changes it: DRAINING while requests are in flight, then DRAINED. */
    public NodeReport overlay(String nodeId, NodeReport report) {
        Drain drain = drains.get(nodeId);
        if (drain == null || report.state() == NodeState.WARMING) {
            return report;
        }
        int left = left(nodeId);
        // The gateway cannot count the engine's KV blocks: 0 here means "none the gateway holds", said in the README.
        return report.withDrain(left == 0 ? NodeState.DRAINED : NodeState.DRAINING,
                new DrainProgress(drain.startedAtMillis(), drain.deadlineMillis(), left, null));
    }
}
