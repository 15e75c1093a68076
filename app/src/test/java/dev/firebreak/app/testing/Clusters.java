package dev.firebreak.app.testing;

import dev.firebreak.agent.api.Alert;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.engines.FirebreakEngine;
import dev.firebreak.agent.api.OverrideView;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.api.JvmHeap;
import dev.firebreak.node.api.KvCacheStatus;
import dev.firebreak.node.api.LatencySummary;
import dev.firebreak.node.api.ModelStatus;
import dev.firebreak.node.api.NodeState;
import dev.firebreak.node.api.NodeStatus;

import java.util.List;
import java.util.Map;

/** Snapshots as the agent sends them, made by hand for the console's tests. */
public final class Clusters {

    /** The gateway's default KV threshold, served in every snapshot made here. */
    public static final double KV_THRESHOLD = 0.9;

    private Clusters() {
    }

    /**
     * A model with 100 KV blocks of which {@code kvUsed} in use, {@code ok} requests answered and
     * {@code errors} failed since the node started.
     */
    public static ModelStatus model(String name, long kvUsed, int running, long ok, long errors, double ttftP99Seconds) {
        return new ModelStatus(name, true, new KvCacheStatus(16, 100, kvUsed, 100 - kvUsed, 0, 0), running, 0, 50.0,
                Map.of("stop", ok, "error", errors), new LatencySummary(10, 0.1, 0.2, ttftP99Seconds), LatencySummary.EMPTY, 0);
    }

    public static NodeView node(String id, NodeHealth health, NodeState state, ModelStatus... models) {
        return node(id, health, state, FaultSettings.NONE, models);
    }

    public static NodeView node(String id, NodeHealth health, NodeState state, FaultSettings faults, ModelStatus... models) {
        return new NodeView(id, "http://" + id, NodeKind.FIREBREAK, health, FirebreakEngine.report(new NodeStatus(id, state, 0, 0, 0,
                new JvmHeap(1, 1, 1), null, faults, List.of(models))), 0, 0, null);
    }

    /** A serving node that is up. */
    public static NodeView serving(String id, ModelStatus... models) {
        return node(id, NodeHealth.UP, NodeState.SERVING, models);
    }

    public static ClusterSnapshot snapshot(long atMillis, NodeView... nodes) {
        return snapshot(atMillis, List.of(), List.of(), List.of(), nodes);
    }

    public static ClusterSnapshot snapshot(long atMillis, List<BreakerView> breakers, List<OverrideView> overrides,
                                           List<Alert> alerts, NodeView... nodes) {
        return new ClusterSnapshot("c", atMillis, List.of(nodes), breakers, overrides, alerts, KV_THRESHOLD);
    }
}
