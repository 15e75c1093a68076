package dev.firebreak.app.figures;

import dev.firebreak.agent.api.Alert;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.history.History;
import dev.firebreak.agent.api.ModelSample;
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
import static org.assertj.core.api.Assertions.within;

class FiguresTest {

    private final History history = new History(600);

    private static NodeView node(String id, NodeHealth health, long kvUsed, long ok, long errors, double ttftP99) {
        ModelStatus m = new ModelStatus("chat", true, new KvCacheStatus(16, 100, kvUsed, 100 - kvUsed, 0, 0), 1, 0, 50.0,
                Map.of("stop", ok, "error", errors), new LatencySummary(10, 0.1, 0.2, ttftP99), LatencySummary.EMPTY, 0);
        return new NodeView(id, "http://" + id, health, new NodeStatus(id, NodeState.SERVING, 0, 0, 0, new JvmHeap(1, 1, 1), null,
                FaultSettings.NONE, List.of(m)), 0, 0, null);
    }

    private ClusterSnapshot at(long millis, List<BreakerView> breakers, List<Alert> alerts, NodeView... nodes) {
        history.sample(millis, List.of(nodes), (n, m) -> ModelSample.GatewayCounts.NONE);
        return new ClusterSnapshot("c", millis, List.of(nodes), breakers, List.of(), alerts);
    }

    @Test
    void shouldTakeRatesFromCounterDeltasAndSumTheModelOverItsNodes() {
        at(0, List.of(), List.of(), node("a", NodeHealth.UP, 10, 0, 0, 0.1), node("b", NodeHealth.UP, 30, 0, 0, 0.1));
        var snapshot = at(5_000, List.of(), List.of(), node("a", NodeHealth.UP, 10, 45, 5, 0.2), node("b", NodeHealth.UP, 30, 50, 0, 0.4));

        ModelFigures chat = Figures.compute(snapshot, history, null, 300).models().getFirst();

        assertThat(chat.requestsPerSecond()).isCloseTo(20.0, within(1e-9));
        assertThat(chat.errorPercent()).isCloseTo(5.0, within(1e-9));
        assertThat(chat.ttftP99Seconds()).isEqualTo(0.4);
        assertThat(chat.kvUsage()).isCloseTo(0.2, within(1e-9));
        assertThat(chat.nodesServing()).isEqualTo(2);
        assertThat(chat.health()).isEqualTo(Health.HEALTHY);
    }

    @Test
    void shouldCountARestartedNodesCounterFromZeroNotAsANegativeRate() {
        at(0, List.of(), List.of(), node("a", NodeHealth.UP, 0, 1000, 0, 0));
        var snapshot = at(2_000, List.of(), List.of(), node("a", NodeHealth.UP, 0, 10, 0, 0));

        assertThat(Figures.compute(snapshot, history, null, 300).models().getFirst().requestsPerSecond()).isEqualTo(5.0);
    }

    @Test
    void shouldColourAModelByItsWorstTrouble() {
        var open = at(0, List.of(new BreakerView("chat", "a", "OPEN", 80, 10)), List.of(),
                node("a", NodeHealth.UP, 0, 0, 0, 0), node("b", NodeHealth.UP, 0, 0, 0, 0));
        assertThat(Figures.compute(open, history, null, 300).models().getFirst().health()).isEqualTo(Health.OPEN);

        var leaking = at(1_000, List.of(), List.of(new Alert("kv-leak", "b", "chat", "orphaned 40 blocks", 0)),
                node("a", NodeHealth.UP, 0, 0, 0, 0), node("b", NodeHealth.UP, 0, 0, 0, 0));
        ClusterFigures figures = Figures.compute(leaking, history, null, 300);
        assertThat(figures.models().getFirst().health()).isEqualTo(Health.DEGRADED);
        assertThat(figures.models().getFirst().alert()).contains("kv-leak on b");
        assertThat(figures.nodes().get(1).health()).isEqualTo(Health.DEGRADED);

        var down = at(2_000, List.of(), List.of(), node("a", NodeHealth.DOWN, 0, 0, 0, 0));
        assertThat(Figures.compute(down, history, null, 300).models().getFirst().health()).isEqualTo(Health.DOWN);

        NodeView up = node("a", NodeHealth.UP, 0, 0, 0, 0);
        NodeView warming = new NodeView(up.id(), up.url(), up.health(), new NodeStatus(up.id(), NodeState.WARMING, 0, 0, 0,
                new JvmHeap(1, 1, 1), null, FaultSettings.NONE, up.status().models()), 0, 0, null);
        ModelFigures starting = Figures.compute(at(3_000, List.of(), List.of(), warming), history, null, 300).models().getFirst();
        assertThat(starting.nodesServing()).isZero();
        assertThat(starting.nodesWarming()).isEqualTo(1);
        assertThat(starting.health()).as("a node warming up is not an outage").isEqualTo(Health.DEGRADED);
    }

    @Test
    void shouldBuildOneTrendPointPerSecondSummedOverNodesOrForOneNode() {
        for (int s = 0; s < 10; s++) {
            at(s * 1000L, List.of(), List.of(), node("a", NodeHealth.UP, 10, 10L * s, 0, 0.1), node("b", NodeHealth.UP, 30, 20L * s, 0, 0.3));
        }
        Trend all = Figures.trend("chat", history, null, 300);
        Trend onlyA = Figures.trend("chat", history, "a", 300);

        assertThat(all.size()).isEqualTo(10);
        assertThat(all.kvPercent()[9]).isCloseTo(20.0, within(1e-9));
        assertThat(all.requestsPerSecond()[9]).isCloseTo(30.0, within(1e-9));
        assertThat(all.ttftP99Millis()[9]).isCloseTo(300.0, within(1e-9));
        assertThat(onlyA.requestsPerSecond()[9]).isCloseTo(10.0, within(1e-9));
        assertThat(Figures.trend("chat", history, null, 5).size()).isEqualTo(5);
    }
}
