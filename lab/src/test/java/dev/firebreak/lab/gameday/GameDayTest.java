package dev.firebreak.lab.gameday;

import dev.firebreak.lab.loadgen.WorkloadMix;
import dev.firebreak.lab.localcluster.NodeSetup;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One short game day end to end on real processes: three nodes in a ring, traffic through the
 * gateway, {@code kill -9} of node-1, then its restart. tiny-docs, which node-1 does not serve, must keep serving
 * without errors, no cut answer may reach a client as a success, and the agent must take node-1 back.
 */
class GameDayTest {

    /** Short answers, so that a few seconds hold several of them (the report's long answers take seconds each). */
    private static final WorkloadMix SHORT_ANSWERS = new WorkloadMix(8, 64, 4, 24, 0.5, 0.0);

    @Test
    void shouldKeepTheOtherModelsServingWhenANodeIsKilled() throws Exception {
        Scenario kill = new Scenario("kill9-test", "kill -9 of node-1 through the gateway", Route.GATEWAY, 3,
                Scenarios.MODELS, NodeSetup.defaults().withModelsPerNode(Scenarios.RING).withKv(Scenarios.KV, "shared")
                .withGateway(Scenarios.GATEWAY, Map.of(), Map.of()), Scenarios.rates(1.0), SHORT_ANSWERS,
                18, 2, 6, 11, "node-1", List.of(new Step(6, new Fault.Kill("node-1")), new Step(7, new Fault.Restart("node-1"))));

        ScenarioResult result = ScenarioRunner.run(kill, null, null);

        ModelFigures docs = result.models().stream().filter(m -> m.model().equals(Scenarios.DOCS)).findFirst().orElseThrow();
        assertThat(docs.onFaultyNode()).isFalse();
        assertThat(docs.before().goodput()).isPositive();
        assertThat(docs.during().goodput()).isPositive();
        assertThat(docs.during().errorRate()).isZero();
        assertThat(result.models()).filteredOn(ModelFigures::onFaultyNode).extracting(ModelFigures::model)
                .containsExactlyInAnyOrder(Scenarios.CHAT, Scenarios.CODE);
        assertThat(result.truncatedAsSuccess()).isZero();
        // Every model's error budget, measured from the run's requests by the agent's own SLO indicators.
        assertThat(result.models()).allSatisfy(m -> {
            assertThat(m.budget().availability().total()).as(m.model()).isPositive();
            assertThat(m.budget().availability().good()).isLessThanOrEqualTo(m.budget().availability().total());
            assertThat(m.budget().latency().total()).as("answers timed").isEqualTo(m.budget().availability().good());
            assertThat(m.budget().spent(m.budget().availability())).isNotNull()
                    .isCloseTo(BudgetSpent.burn(m.budget().availability()) * 18_000 / (28 * 86_400_000.0),
                            org.assertj.core.api.Assertions.within(1e-12));
        });
        assertThat(Report.scenarioTable(result)).contains("Error budget spent over the run").contains("| " + Scenarios.DOCS + " | "
                + docs.budget().availability().total() + " | ");
        assertThat(result.crashed()).isEmpty();
        // The agent saw node-1 go down and cut it out of every route.
        assertThat(result.detectionMillis()).isNotNull().isLessThan(3_000L);
        assertThat(result.containmentMillis()).isNotNull().isLessThan(3_000L);
        assertThat(result.series()).isNotEmpty();
        // Its supervisor's restart brought it back on the same address, and the agent saw it answer again.
        assertThat(result.events()).anyMatch(e -> e.type().equals("node-up") && e.node().equals("node-1")
                && e.atSeconds() >= 7);
    }
}
