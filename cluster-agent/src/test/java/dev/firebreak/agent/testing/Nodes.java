package dev.firebreak.agent.testing;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.engines.FirebreakEngine;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.api.JvmHeap;
import dev.firebreak.node.api.KvCacheStatus;
import dev.firebreak.node.api.LatencySummary;
import dev.firebreak.node.api.ModelStatus;
import dev.firebreak.node.api.NodeState;
import dev.firebreak.node.api.NodeStatus;

import java.util.List;
import java.util.Map;

/** Nodes as the agent's watcher sees them, made by hand for the agent's tests. */
public final class Nodes {

    private Nodes() {
    }

    /** An admitting model with 100 KV blocks of 16 tokens, {@code kvUsed} of them in use, and nothing running. */
    public static ModelStatus model(String name, long kvUsed) {
        return new ModelStatus(name, true, new KvCacheStatus(16, 100, kvUsed, 100 - kvUsed, 0, 0), 0, 0, 0.0, Map.of(),
                LatencySummary.EMPTY, LatencySummary.EMPTY, 0);
    }

    /** A node at {@code url} that is up and serving {@code models}. */
    public static NodeView serving(String id, String url, List<ModelStatus> models) {
        return new NodeView(id, url, NodeKind.FIREBREAK, NodeHealth.UP, FirebreakEngine.report(new NodeStatus(id,
                NodeState.SERVING, 0, 0, 0, new JvmHeap(1, 1, 1), null, FaultSettings.NONE, models)), 0, 0, null);
    }
}
