package dev.firebreak.agent.overrides;

import dev.firebreak.agent.api.ActionType;
import dev.firebreak.agent.api.OverrideView;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OverridesTest {

    private final Overrides overrides = new Overrides();

    private static OverrideView reroute(long id, String model, String node, Map<String, Double> weights) {
        return new OverrideView(id, ActionType.REROUTE, model, node, null, weights, "ops", "test", 1_000, 0);
    }

    @Test
    void shouldRouteEverywhereWithEqualWeightsWhenNothingIsInForce() {
        assertThat(overrides.excluded("chat", "node-1")).isFalse();
        assertThat(overrides.weight("chat", "node-1")).isEqualTo(1.0);
    }

    @Test
    void shouldExcludeANodeAModelWasMovedOffUntilTheOverrideEnds() {
        overrides.put(reroute(1, "chat", "node-2", null));

        assertThat(overrides.excluded("chat", "node-2")).isTrue();
        assertThat(overrides.excluded("chat", "node-1")).isFalse();
        assertThat(overrides.excluded("code", "node-2")).as("another model").isFalse();

        overrides.remove(1);
        assertThat(overrides.excluded("chat", "node-2")).isFalse();
    }

    @Test
    void shouldWeighNodesByTheLatestWeightedRerouteAndExcludeThoseItLeavesOut() {
        overrides.put(reroute(1, "chat", null, Map.of("node-1", 1.0, "node-2", 1.0)));
        overrides.put(reroute(2, "chat", null, Map.of("node-1", 3.0, "node-2", 0.0)));

        assertThat(overrides.weight("chat", "node-1")).isEqualTo(3.0);
        assertThat(overrides.excluded("chat", "node-2")).as("weight 0: no share").isTrue();
        assertThat(overrides.excluded("chat", "node-3")).as("not named: no share").isTrue();
        assertThat(overrides.weight("code", "node-3")).as("another model").isEqualTo(1.0);

        overrides.remove(2);
        assertThat(overrides.weight("chat", "node-1")).as("the earlier one again").isEqualTo(1.0);
        assertThat(overrides.excluded("chat", "node-2")).isFalse();
    }

    @Test
    void shouldIgnoreOverridesThatAreNotReroutesWhenRouting() {
        overrides.put(new OverrideView(1, ActionType.TRIP, "chat", "node-1", null, null, "ops", "test", 1_000, 0));

        assertThat(overrides.excluded("chat", "node-1")).isFalse();
        assertThat(overrides.list()).hasSize(1);
    }
}
