package dev.firebreak.app.actions;

import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.api.JvmHeap;
import dev.firebreak.node.api.KvCacheStatus;
import dev.firebreak.node.api.LatencySummary;
import dev.firebreak.node.api.ModelStatus;
import dev.firebreak.node.api.NodeState;
import dev.firebreak.node.api.NodeStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ImpactPreviewTest {

    private static NodeView node(String id, long kvUsed, int running, NodeState state) {
        ModelStatus model = new ModelStatus("m", true, new KvCacheStatus(16, 100, kvUsed, 100 - kvUsed, 0, 0), running, 0, 40.0,
                Map.of(), LatencySummary.EMPTY, LatencySummary.EMPTY, 0);
        return new NodeView(id, "http://x", NodeHealth.UP, new NodeStatus(id, state, 0, 0, 0, new JvmHeap(1, 1, 1), null,
                FaultSettings.NONE, List.of(model)), 0, 0, null);
    }

    @Test
    void shouldSayWhatMovesWhereWithTheSurvivorsKvAfterTheMove() {
        var snapshot = new ClusterSnapshot("c", 0, List.of(node("a", 40, 3, NodeState.SERVING), node("b", 30, 1, NodeState.SERVING),
                node("c", 50, 2, NodeState.SERVING)));

        String text = ImpactPreview.drain(snapshot, "a");

        assertThat(text).startsWith("Drain a: it finishes its 3 sequences (40 tokens/s, 40 KV blocks)")
                .contains("b (KV would reach 50%) and c (KV would reach 70%)").doesNotContain("WARNING");
    }

    @Test
    void shouldWarnWhenASurvivorWouldPassTheCrowdedMark() {
        var snapshot = new ClusterSnapshot("c", 0, List.of(node("a", 60, 3, NodeState.SERVING), node("b", 40, 1, NodeState.SERVING)));

        assertThat(ImpactPreview.drain(snapshot, "a")).contains("b (KV would reach 100%)").contains("WARNING: a survivor would pass 85% KV");
    }

    @Test
    void shouldWarnWhenNoOtherNodeServes() {
        var snapshot = new ClusterSnapshot("c", 0, List.of(node("a", 10, 1, NodeState.SERVING), node("b", 0, 0, NodeState.DRAINED)));

        assertThat(ImpactPreview.drain(snapshot, "a")).contains("WARNING: no other node is serving");
    }
}
