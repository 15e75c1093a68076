package dev.firebreak.app.figures;

import dev.firebreak.agent.api.Alert;
import dev.firebreak.agent.api.BreakerState;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.node.api.NodeState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.firebreak.app.testing.Clusters.model;
import static dev.firebreak.app.testing.Clusters.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FiguresTest {

    private final RecentSamples samples = new RecentSamples(600);

    private static NodeView chat(String id, NodeHealth health, long kvUsed, long ok, long errors, double ttftP99) {
        return node(id, health, NodeState.SERVING, model("chat", kvUsed, 1, ok, errors, ttftP99));
    }

    private ClusterSnapshot at(long millis, List<BreakerView> breakers, List<Alert> alerts, NodeView... nodes) {
        ClusterSnapshot snapshot = dev.firebreak.app.testing.Clusters.snapshot(millis, breakers, List.of(), alerts, nodes);
        samples.add(snapshot);
        return snapshot;
    }

    private ModelFigures chatFigures(ClusterSnapshot snapshot) {
        return Figures.compute(snapshot, samples, null, 300).models().getFirst();
    }

    @Test
    void shouldTakeRatesFromCounterDeltasAndSumTheModelOverItsNodes() {
        at(0, List.of(), List.of(), chat("a", NodeHealth.UP, 10, 0, 0, 0.1), chat("b", NodeHealth.UP, 30, 0, 0, 0.1));
        var snapshot = at(5_000, List.of(), List.of(), chat("a", NodeHealth.UP, 10, 45, 5, 0.2), chat("b", NodeHealth.UP, 30, 50, 0, 0.4));

        ModelFigures chat = chatFigures(snapshot);

        assertThat(chat.requestsPerSecond()).isCloseTo(20.0, within(1e-9));
        assertThat(chat.errorPercent()).isCloseTo(5.0, within(1e-9));
        assertThat(chat.ttftP99Seconds()).isEqualTo(0.4);
        assertThat(chat.kvUsage()).isCloseTo(0.2, within(1e-9));
        assertThat(chat.nodesServing()).isEqualTo(2);
        assertThat(chat.health()).isEqualTo(Health.HEALTHY);
    }

    @Test
    void shouldCountARestartedNodesCounterFromZeroNotAsANegativeRate() {
        at(0, List.of(), List.of(), chat("a", NodeHealth.UP, 0, 1000, 0, 0));
        var snapshot = at(2_000, List.of(), List.of(), chat("a", NodeHealth.UP, 0, 10, 0, 0));

        assertThat(chatFigures(snapshot).requestsPerSecond()).isEqualTo(5.0);
    }

    @Test
    void shouldColourAModelByItsWorstTrouble() {
        var open = at(0, List.of(new BreakerView("chat", "a", BreakerState.OPEN, 80, 10)), List.of(),
                chat("a", NodeHealth.UP, 0, 0, 0, 0), chat("b", NodeHealth.UP, 0, 0, 0, 0));
        assertThat(chatFigures(open).health()).isEqualTo(Health.OPEN);
        assertThat(chatFigures(open).breakersText()).isEqualTo("OPEN on a");

        var leaking = at(1_000, List.of(), List.of(new Alert("kv-leak", "b", "chat", "orphaned 40 blocks", 0)),
                chat("a", NodeHealth.UP, 0, 0, 0, 0), chat("b", NodeHealth.UP, 0, 0, 0, 0));
        ClusterFigures figures = Figures.compute(leaking, samples, null, 300);
        assertThat(figures.models().getFirst().health()).isEqualTo(Health.DEGRADED);
        assertThat(figures.models().getFirst().alert()).contains("kv-leak on b");
        assertThat(figures.nodes().get(1).health()).isEqualTo(Health.DEGRADED);

        var down = at(2_000, List.of(), List.of(), chat("a", NodeHealth.DOWN, 0, 0, 0, 0));
        assertThat(chatFigures(down).health()).isEqualTo(Health.DOWN);

        NodeView warming = node("a", NodeHealth.UP, NodeState.WARMING, model("chat", 0, 1, 0, 0, 0));
        ModelFigures starting = chatFigures(at(3_000, List.of(), List.of(), warming));
        assertThat(starting.nodesServing()).isZero();
        assertThat(starting.nodesWarming()).isEqualTo(1);
        assertThat(starting.health()).as("a node warming up is not an outage").isEqualTo(Health.DEGRADED);
    }

    @Test
    void shouldCallAHalfOpenBreakerTroubleButNotOpen() {
        var halfOpen = at(0, List.of(new BreakerView("chat", "a", BreakerState.HALF_OPEN, 50, 10)), List.of(),
                chat("a", NodeHealth.UP, 0, 0, 0, 0), chat("b", NodeHealth.UP, 0, 0, 0, 0));

        ModelFigures chat = chatFigures(halfOpen);

        assertThat(chat.health()).as("trial calls go through a half-open breaker").isEqualTo(Health.DEGRADED);
        assertThat(chat.nodesServing()).isEqualTo(2);
        assertThat(chat.anyForcedOpen()).isFalse();
    }

    @Test
    void shouldCallANodeDegradedFromTheGatewaysKvThresholdOn() {
        var snapshot = at(0, List.of(), List.of(), chat("a", NodeHealth.UP, 89, 0, 0, 0), chat("b", NodeHealth.UP, 90, 0, 0, 0));

        ClusterFigures figures = Figures.compute(snapshot, samples, null, 300);

        assertThat(figures.kvThreshold().share()).isEqualTo(0.9);
        assertThat(figures.node("a").health()).isEqualTo(Health.HEALTHY);
        assertThat(figures.node("b").health()).as("at the threshold the gateway sends it nothing new").isEqualTo(Health.DEGRADED);
    }

    @Test
    void shouldBuildOneTrendPointPerSecondSummedOverNodesOrForOneNode() {
        for (int s = 0; s < 10; s++) {
            at(s * 1000L, List.of(), List.of(), chat("a", NodeHealth.UP, 10, 10L * s, 0, 0.1), chat("b", NodeHealth.UP, 30, 20L * s, 0, 0.3));
        }
        Trend all = Trends.of("chat", samples, null, 300);
        Trend onlyA = Trends.of("chat", samples, "a", 300);

        assertThat(all.size()).isEqualTo(10);
        TrendPoint last = all.points().getLast();
        assertThat(last.kvPercent()).isCloseTo(20.0, within(1e-9));
        assertThat(last.requestsPerSecond()).isCloseTo(30.0, within(1e-9));
        assertThat(last.ttftP99Millis()).isCloseTo(300.0, within(1e-9));
        assertThat(last.tokensPerSecond()).isCloseTo(100.0, within(1e-9));
        assertThat(onlyA.points().getLast().requestsPerSecond()).isCloseTo(10.0, within(1e-9));
        assertThat(Trends.of("chat", samples, null, 5).size()).isEqualTo(5);
    }
}
