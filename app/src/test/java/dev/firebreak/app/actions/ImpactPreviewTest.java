package dev.firebreak.app.actions;

import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.history.History;
import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.Figures;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.api.JvmHeap;
import dev.firebreak.node.api.KvCacheStatus;
import dev.firebreak.node.api.LatencySummary;
import dev.firebreak.node.api.ModelStatus;
import dev.firebreak.node.api.NodeState;
import dev.firebreak.node.api.NodeStatus;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ImpactPreviewTest {

    /** A node serving model "m" with 100 KV blocks, {@code finished} requests done so far. */
    private static NodeView node(String id, long kvUsed, int running, NodeState state, long finished) {
        ModelStatus model = new ModelStatus("m", true, new KvCacheStatus(16, 100, kvUsed, 100 - kvUsed, 0, 0), running, 0, 40.0,
                Map.of("stop", finished), LatencySummary.EMPTY, LatencySummary.EMPTY, 0);
        return new NodeView(id, "http://x", NodeHealth.UP, new NodeStatus(id, state, 0, 0, 0, new JvmHeap(1, 1, 1), null,
                FaultSettings.NONE, List.of(model)), 0, 0, null);
    }

    /** Figures after two snapshots 5 s apart: node "a" finished 200 requests in between (40 req/s), the others none. */
    private static ClusterFigures figures(NodeView... now) {
        History history = new History(60);
        List<NodeView> before = java.util.Arrays.stream(now).map(n -> node(n.id(),
                n.status().models().getFirst().kv().blocksUsed(), 0, n.status().state(), 0)).toList();
        history.sample(0, before, (n, m) -> dev.firebreak.agent.api.ModelSample.GatewayCounts.NONE);
        history.sample(5_000, List.of(now), (n, m) -> dev.firebreak.agent.api.ModelSample.GatewayCounts.NONE);
        return Figures.compute(new ClusterSnapshot("c", 5_000, List.of(now)), history, null, 60);
    }

    @Test
    void shouldSayHowMuchTrafficMovesWhereWithTheSurvivorsKvAfterTheMove() {
        var figures = figures(node("a", 40, 3, NodeState.SERVING, 200), node("b", 30, 1, NodeState.SERVING, 0),
                node("c", 50, 2, NodeState.SERVING, 0));

        String text = ImpactPreview.drain(figures, "a");

        assertThat(text).startsWith("Drain a: it finishes its 3 sequences (40 KV blocks)")
                .contains("Moves 40 req/s onto b (KV would reach 50%) and c (KV would reach 70%)").doesNotContain("WARNING");
    }

    @Test
    void shouldWarnWhenASurvivorWouldPassTheCrowdedMark() {
        var figures = figures(node("a", 60, 3, NodeState.SERVING, 200), node("b", 40, 1, NodeState.SERVING, 0));

        assertThat(ImpactPreview.drain(figures, "a")).contains("b (KV would reach 100%)").contains("WARNING: a node would pass 85% KV");
    }

    @Test
    void shouldWarnWhenNoOtherNodeServes() {
        var figures = figures(node("a", 10, 1, NodeState.SERVING, 200), node("b", 0, 0, NodeState.DRAINED, 0));

        assertThat(ImpactPreview.drain(figures, "a")).contains("WARNING: no other node is serving; its 40 req/s will be shed");
    }

    @Test
    void shouldPreviewMovingAModelOffANodeOntoItsOtherNodes() {
        var figures = figures(node("a", 20, 2, NodeState.SERVING, 200), node("b", 30, 1, NodeState.SERVING, 0));

        assertThat(ImpactPreview.moveOff(figures, "m", "a")).contains("m on a: 40 req/s, 2 sequences, 20 KV blocks")
                .contains("Moves 40 req/s onto b (m KV would reach 50%)");
    }

    @Test
    void shouldSplitTheModelsTrafficByWeightAndWarnAboutANodeThatDoesNotServe() {
        var figures = figures(node("a", 20, 2, NodeState.SERVING, 200), node("b", 30, 1, NodeState.SERVING, 0));
        Map<String, Double> weights = new LinkedHashMap<>();
        weights.put("a", 3.0);
        weights.put("b", 1.0);
        weights.put("z", 0.0);

        assertThat(ImpactPreview.weights(figures, "m", weights)).contains("a 75% (30 req/s)").contains("b 25% (10 req/s)")
                .contains("z 0% (0.0 req/s, WARNING: does not serve m)");
    }

    @Test
    void shouldReadWeightsAndRefuseWhatIsNotAWeight() {
        assertThat(ClusterActions.weights("node-1=3, node-2=1")).containsExactly(Map.entry("node-1", 3.0), Map.entry("node-2", 1.0));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClusterActions.weights("node-1"))
                .hasMessageContaining("'node-1' is neither");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClusterActions.weights("node-1=-2"))
                .hasMessageContaining("0 or more");
    }
}
