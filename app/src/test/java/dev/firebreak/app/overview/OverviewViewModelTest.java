package dev.firebreak.app.overview;

import dev.firebreak.agent.api.BreakerState;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.app.figures.Health;
import dev.firebreak.app.testing.Figured;
import dev.firebreak.node.api.NodeState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.firebreak.app.testing.Clusters.model;
import static dev.firebreak.app.testing.Clusters.node;
import static dev.firebreak.app.testing.Clusters.serving;
import static dev.firebreak.app.testing.Clusters.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

class OverviewViewModelTest {

    private final OverviewViewModel model = new OverviewViewModel();

    @Test
    void shouldGiveEachModelACardThatSaysItsFiguresAndTrouble() {
        model.apply(Figured.of(snapshot(0, List.of(new BreakerView("chat", "a", BreakerState.OPEN, 80, 10)), List.of(), List.of(),
                serving("a", model("chat", 40, 1, 0, 0, 1.5)), serving("b", model("chat", 20, 1, 0, 0, 0.05)))));

        ModelTile chat = model.models().getFirst();
        assertThat(chat.model()).isEqualTo("chat");
        assertThat(chat.ttft()).isEqualTo("1.5 s");
        assertThat(chat.errors()).as("no requests yet").isEqualTo("—");
        assertThat(chat.kvPercent()).isEqualTo(30.0);
        assertThat(chat.health()).isEqualTo(Health.OPEN);
        assertThat(chat.badge()).isEqualTo("OPEN");
        assertThat(chat.detail()).isEqualTo("breakers OPEN on a · 1/2 nodes");
        assertThat(model.kvThresholdProperty().get().percent()).isEqualTo("90%");
    }

    @Test
    void shouldGiveEachNodeATileWithItsStateAndSequences() {
        model.apply(Figured.of(snapshot(0, serving("a", model("chat", 10, 3, 0, 0, 0)),
                node("b", NodeHealth.DOWN, NodeState.SERVING, model("chat", 10, 0, 0, 0, 0)))));

        assertThat(model.nodes()).extracting(NodeTile::id, NodeTile::text, NodeTile::health).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", "SERVING · 3 run / 0 wait", Health.HEALTHY),
                org.assertj.core.groups.Tuple.tuple("b", "DOWN · 0 run / 0 wait", Health.DOWN));
        assertThat(model.nodes().get(1).tooltip()).isEqualTo("b: DOWN");
    }

    @Test
    void shouldSayAModelIsWarmingUpRatherThanDown() {
        model.apply(Figured.of(snapshot(0, node("a", NodeHealth.UP, NodeState.WARMING, model("chat", 0, 0, 0, 0, 0)))));

        assertThat(model.models().getFirst().badge()).isEqualTo("WARMING UP");
        assertThat(model.models().getFirst().detail()).contains("1 warming up");
    }
}
