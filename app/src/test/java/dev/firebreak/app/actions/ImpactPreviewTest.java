package dev.firebreak.app.actions;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.Figures;
import dev.firebreak.app.figures.RecentSamples;
import dev.firebreak.app.testing.Clusters;
import dev.firebreak.node.api.NodeState;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ImpactPreviewTest {

    /** A node serving model "m" with 100 KV blocks, {@code finished} requests done so far. */
    private static NodeView node(String id, long kvUsed, int running, NodeState state, long finished) {
        return Clusters.node(id, NodeHealth.UP, state, Clusters.model("m", kvUsed, running, finished, 0, 0));
    }

    /** Figures after two snapshots 5 s apart: node "a" finished 200 requests in between (40 req/s), the others none. */
    static ClusterFigures figures(NodeView... now) {
        RecentSamples samples = new RecentSamples(60);
        NodeView[] before = Arrays.stream(now).map(n -> node(n.id(), n.status().models().getFirst().kv().blocksUsed(), 0,
                n.status().state(), 0)).toArray(NodeView[]::new);
        samples.add(Clusters.snapshot(0, before));
        var snapshot = Clusters.snapshot(5_000, now);
        samples.add(snapshot);
        return Figures.compute(snapshot, samples, null, 60);
    }

    /** A node of kind openai serving "m": it gives no KV figure at all. */
    private static NodeView openAi(String id) {
        var m = new dev.firebreak.agent.api.ModelReport("m", true, dev.firebreak.agent.api.KvReport.UNKNOWN, null, null, null,
                null, null, null, null, null, null, null, java.util.Map.of("kv.usage", "an openai node tells only its models"));
        return new NodeView(id, "http://" + id, dev.firebreak.agent.api.NodeKind.OPENAI, NodeHealth.UP,
                new dev.firebreak.agent.api.NodeReport(NodeState.SERVING, null, 0, null, null, null, null,
                        java.util.List.of(m), null, null), 0, 0, null);
    }

    @Test
    void shouldSayASurvivorWithoutAKvFigureHasNoHeadroomToTell() {
        ClusterFigures figures = Figures.compute(Clusters.snapshot(5_000, node("a", 40, 3, NodeState.SERVING, 200),
                openAi("api-1")), new RecentSamples(60), null, 60);

        String text = ImpactPreview.drain(figures, "a");

        assertThat(text).contains("api-1 (no KV figure: its openai engine gives none, so no headroom can be told)")
                .doesNotContain("WARNING").doesNotContain("NaN");
        assertThat(ImpactPreview.drain(figures, "api-1")).startsWith("Drain api-1: it takes no new work")
                .contains("a (KV now 40%, plus what api-1 holds, which its engine does not tell)");
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
    void shouldWarnWhenASurvivorWouldReachTheGatewaysThreshold() {
        var figures = figures(node("a", 60, 3, NodeState.SERVING, 200), node("b", 40, 1, NodeState.SERVING, 0));

        assertThat(ImpactPreview.drain(figures, "a")).contains("b (KV would reach 100%)")
                .contains("WARNING: b (m) would reach the gateway's 90% KV threshold");
    }

    @Test
    void shouldWarnAtTheThresholdItselfAsTheGatewayRefusesThere() {
        var at = figures(node("a", 20, 2, NodeState.SERVING, 200), node("b", 70, 1, NodeState.SERVING, 0));
        var under = figures(node("a", 18, 2, NodeState.SERVING, 200), node("b", 71, 1, NodeState.SERVING, 0));

        assertThat(ImpactPreview.moveOff(at, "m", "a")).contains("b (m KV would reach 90%)").contains("WARNING: b (m)");
        assertThat(ImpactPreview.moveOff(under, "m", "a")).contains("b (m KV would reach 89%)").doesNotContain("WARNING");
    }

    @Test
    void shouldWarnOfAFallbackAlreadyAtTheThreshold() {
        var figures = figures(node("a", 95, 2, NodeState.SERVING, 200));

        assertThat(ImpactPreview.fallback(figures, "x", "m")).contains("WARNING: m is already at or above the gateway's 90% KV threshold");
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
