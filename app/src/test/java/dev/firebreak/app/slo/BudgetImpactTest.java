package dev.firebreak.app.slo;

import dev.firebreak.agent.api.ModelSlo;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.api.SloReport;
import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.Figures;
import dev.firebreak.app.figures.RecentSamples;
import dev.firebreak.app.testing.Clusters;
import dev.firebreak.node.api.NodeState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.firebreak.app.slo.SloViewModelTest.burns;
import static dev.firebreak.app.slo.SloViewModelTest.sli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BudgetImpactTest {

    /** Nodes a and b serve "m" (100 KV blocks each), each finishing 100 requests over 5 s: 20 req/s, half the model's traffic. */
    private static ClusterFigures figures(long kvOnA, long kvOnB) {
        RecentSamples samples = new RecentSamples(60);
        samples.add(Clusters.snapshot(0, node("a", kvOnA, 0), node("b", kvOnB, 0)));
        var now = Clusters.snapshot(5_000, node("a", kvOnA, 100), node("b", kvOnB, 100));
        samples.add(now);
        return Figures.compute(now, samples, null, 60);
    }

    private static NodeView node(String id, long kvUsed, long finished) {
        return Clusters.node(id, NodeHealth.UP, NodeState.SERVING, Clusters.model("m", kvUsed, 1, finished, 0, 0));
    }

    /**
     * "m" against 99.5%: 0.8x over 5m for the model (0.4% of its requests fail), 1.2x on node a
     * (0.6%), so 0.2% on b; 60% of the 28-day budget left.
     */
    private static SloReport slo() {
        var sixtyPercentLeft = sli("availability", 0.995, 99_800, 100_000, burns(0.8, 0.7, 0.6, 0.5, 0.4));
        var onA = sli("availability", 0.995, 49_800, 50_000, burns(1.2, 1.0, 1.0, 1.0, 1.0));
        return new SloReport(0, 28L * 86_400_000, List.of(new ModelSlo("m", sixtyPercentLeft, sixtyPercentLeft,
                List.of(new ModelSlo.NodeSlo("a", onA, onA)))));
    }

    @Test
    void shouldComputeTheBurnRateFromTheErrorSharesOfTheNodesLeftAndTheShedPart() {
        // The rest fail 0.2%; half the traffic moves, half of that is shed: 0.002 + 0.25 * 0.998 = 0.2515 of 0.005.
        assertThat(BudgetImpact.burnAfter(0.995, 0.8, 1.2, 0.5, 0.5, true)).isCloseTo(50.3, within(1e-9));
        // Everything placed: the model fails as the nodes left do, 0.2%.
        assertThat(BudgetImpact.burnAfter(0.995, 0.8, 1.2, 0.5, 0, true)).isCloseTo(0.4, within(1e-9));
        // Shed requests go to a fallback and count there.
        assertThat(BudgetImpact.burnAfter(0.995, 0.8, 1.2, 0.5, 0.5, false)).isCloseTo(0.4, within(1e-9));
        // Without the node's own rate the rest are taken to fail as the model does.
        assertThat(BudgetImpact.burnAfter(0.995, 0.8, null, 0.5, 0.5, true)).isCloseTo((0.004 + 0.25 * 0.996) / 0.005, within(1e-9));
        // All of it, nowhere to go: every request fails, 1 / 0.005.
        assertThat(BudgetImpact.burnAfter(0.995, 0.8, null, 1, 1, true)).isCloseTo(200, within(1e-9));
    }

    @Test
    void shouldShedWhatTheOtherNodesHaveNoRoomForUnderTheKvThreshold() {
        var b = new dev.firebreak.app.figures.NodeModel("m", 0, 70, 100, 0, 0, true);
        var moved = new dev.firebreak.app.figures.NodeModel("m", 0, 40, 100, 0, 0, true);

        // b takes 20 blocks before its 90% threshold: half of the 40 moved.
        assertThat(BudgetImpact.unplaced(moved, List.of(b), 0.9)).isCloseTo(0.5, within(1e-9));
        assertThat(BudgetImpact.unplaced(moved, List.of(b, b), 0.9)).isCloseTo(0, within(1e-9));
    }

    @Test
    void shouldSayADrainRaisesTheBurnRateWhenTheOtherNodeHasNoRoom() {
        String text = BudgetImpact.drain(slo(), figures(40, 70), "a");

        assertThat(text).isEqualTo("Budget: drains a: m's availability burn rate would rise from 0.8x to 50x while its traffic moves"
                + " (50% of its requests move; 50% of those find no room under the KV threshold and are shed with 429);"
                + " at 50x its 60% of budget left lasts 8.0 hours.");
    }

    @Test
    void shouldSayADrainOfTheWorseNodeLowersTheBurnRateWhenTheOtherHasRoom() {
        String text = BudgetImpact.drain(slo(), figures(40, 10), "a");

        assertThat(text).startsWith("Budget: drains a: m's availability burn rate would fall from 0.8x to 0.4x while its traffic moves"
                + " (50% of its requests move)");
    }

    @Test
    void shouldSayTrippingEverywhereSpendsTheBudgetAtTheFullRate() {
        String text = BudgetImpact.tripEverywhere(slo(), figures(40, 70), "m");

        assertThat(text).contains("rise from 0.8x to 200x").contains("100% of its requests move; 100% of those find no room")
                .endsWith("lasts 2.0 hours.");
    }

    @Test
    void shouldSayTrippingEverywhereSpendsTheFallbacksBudgetWhenThereIsOne() {
        var fallback = new dev.firebreak.agent.api.OverrideView(1, dev.firebreak.agent.api.ActionType.SET_FALLBACK, "m", null, "big",
                null, "ops", "test", 0, 0);
        var snapshot = Clusters.snapshot(0, List.of(), List.of(fallback), List.of(), node("a", 40, 0), node("b", 70, 0));
        ClusterFigures figures = Figures.compute(snapshot, new RecentSamples(60), null, 60);

        assertThat(BudgetImpact.tripEverywhere(slo(), figures, "m")).isEqualTo("Budget: trips m everywhere: all of m's requests go to"
                + " its fallback big and count against big's budget; m's own is not spent meanwhile.");
    }

    @Test
    void shouldSayNotAvailableWithoutSloData() {
        var quiet = sli("availability", 0.995, 0, 0, burns(null, null, null, null, null));
        SloReport noTraffic = new SloReport(0, 28L * 86_400_000, List.of(new ModelSlo("m", quiet, quiet, List.of())));

        assertThat(BudgetImpact.moveOff(noTraffic, figures(40, 70), "m", "a")).isEqualTo("Budget: m: n/a (no SLO data: no traffic in the last 5m)");
        assertThat(BudgetImpact.moveOff(null, figures(40, 70), "m", "a")).isEqualTo("Budget: m: n/a (no SLO figures from the agent yet)");
    }
}
