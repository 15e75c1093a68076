package dev.firebreak.app.fleet;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.app.testing.Figured;
import dev.firebreak.node.api.NodeState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.firebreak.app.testing.Clusters.model;
import static dev.firebreak.app.testing.Clusters.node;
import static dev.firebreak.app.testing.Clusters.serving;
import static dev.firebreak.app.testing.Clusters.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

class WorstOffendersTest {

    @Test
    void shouldPutTheDownFirstAndCountWhatItDoesNotName() {
        var figures = Figured.of(snapshot(1_000, serving("node-1", model("chat", 10, 1, 0, 0, 0)),
                node("node-9", NodeHealth.DOWN, NodeState.SERVING, model("chat", 0, 0, 0, 0, 0)),
                node("node-4", NodeHealth.DOWN, NodeState.SERVING, model("chat", 0, 0, 0, 0, 0)),
                node("node-5", NodeHealth.DOWN, NodeState.SERVING, model("chat", 0, 0, 0, 0, 0)),
                node("node-6", NodeHealth.DOWN, NodeState.SERVING, model("chat", 0, 0, 0, 0, 0))));

        WorstOffenders w = WorstOffenders.of(figures, List.of());

        assertThat(w.worst()).containsExactly("node-4 down", "node-5 down", "node-6 down", "node-9 down");
        assertThat(w.worstText()).endsWith("(+" + (w.troubled() - 4) + " more)");
        assertThat(w.incidentsText()).isEqualTo("no open incident");
    }

    @Test
    void shouldSayAllHealthyWhenNothingIsWrong() {
        var figures = Figured.of(snapshot(1_000, serving("node-1", model("chat", 10, 1, 0, 0, 0))));
        assertThat(WorstOffenders.of(figures, List.of()).worstText()).isEqualTo("All healthy");
        assertThat(new FleetFilter(true, null, null).apply(figures).nodes()).isEmpty();
        assertThat(FleetFilter.NONE.apply(figures)).isSameAs(figures);
    }

    @Test
    void shouldKeepTheBreakersOfTheModelAndNodeAskedForAndOnlyTheOnesNotClosedForTrouble() {
        var open = new dev.firebreak.agent.api.BreakerView("chat", "node-2", dev.firebreak.agent.api.BreakerState.OPEN, 80, 10);
        var closed = new dev.firebreak.agent.api.BreakerView("chat", "node-1", dev.firebreak.agent.api.BreakerState.CLOSED, 0, 10);
        var code = new dev.firebreak.agent.api.BreakerView("code", "node-1", dev.firebreak.agent.api.BreakerState.CLOSED, 0, 10);

        assertThat(List.of(open, closed, code)).filteredOn(new FleetFilter(true, "", "")::keeps).containsExactly(open);
        assertThat(List.of(open, closed, code)).filteredOn(new FleetFilter(false, "Chat", "")::keeps).containsExactly(open, closed);
        assertThat(List.of(open, closed, code)).filteredOn(new FleetFilter(false, "", "node-1")::keeps).containsExactly(closed, code);
    }
}
