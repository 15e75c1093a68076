package dev.firebreak.app.nodes;

import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.app.fx.LiveRow;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.engines.FirebreakEngine;
import dev.firebreak.app.figures.Figures;
import dev.firebreak.app.figures.RecentSamples;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.api.JvmHeap;
import dev.firebreak.node.api.NodeState;
import dev.firebreak.node.api.NodeStatus;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class NodesViewModelTest {

    private final NodesViewModel model = new NodesViewModel();

    @Test
    void shouldShowOneRowPerNodeInOrder() {
        show(snapshot(up("node-1", 1000), up("node-2", 1000)));

        assertThat(model.values()).extracting(NodeRow::id).containsExactly("node-1", "node-2");
        assertThat(model.values().getFirst().uptimeText()).isEqualTo("0:00:01");
    }

    @Test
    void shouldChangeALinesValueInPlaceWhenTheSameNodesComeAgain() {
        show(snapshot(up("node-1", 1000), up("node-2", 1000)));
        List<LiveRow<NodeRow>> lines = List.copyOf(model.lines().rows());
        List<String> listChanges = new ArrayList<>();
        model.lines().rows().addListener((ListChangeListener<LiveRow<NodeRow>>) change -> listChanges.add(change.toString()));
        List<NodeRow> secondLine = new ArrayList<>();
        lines.get(1).value().subscribe((Consumer<NodeRow>) secondLine::add);
        long moved = model.lines().movedInPlaceProperty().get();

        show(snapshot(up("node-1", 1000), down("node-2")));

        assertThat(listChanges).as("the list does not change, so the table lays out nothing again").isEmpty();
        assertThat(model.lines().rows()).containsExactlyElementsOf(lines);
        assertThat(secondLine).hasSize(2).last().satisfies(row -> {
            assertThat(row.health()).isEqualTo(NodeHealth.DOWN);
            assertThat(row.stateText()).isEqualTo("last seen SERVING");
            assertThat(row.uptimeText()).isEqualTo("—");
        });
        assertThat(model.lines().movedInPlaceProperty().get()).as("a sorted table sorts again").isEqualTo(moved + 1);
    }

    @Test
    void shouldKeepEachNodesLineWhenANodeComes() {
        show(snapshot(up("node-1", 1000), up("node-2", 1000)));
        List<LiveRow<NodeRow>> before = List.copyOf(model.lines().rows());

        show(snapshot(up("node-1", 2000), up("node-3", 1000), up("node-2", 1000)));

        assertThat(model.values()).extracting(NodeRow::id).containsExactly("node-1", "node-3", "node-2");
        assertThat(model.lines().rows().get(0)).isSameAs(before.get(0));
        assertThat(model.lines().rows().get(2)).isSameAs(before.get(1));
        assertThat(model.values().getFirst().uptimeText()).isEqualTo("0:00:02");
    }

    @Test
    void shouldTakeTheGatewaysKvThresholdFromTheSnapshot() {
        show(snapshot(up("node-1", 1000)));

        assertThat(model.kvThresholdProperty().get().percent()).isEqualTo("90%");
    }

    @Test
    void shouldShowANodeThatNeverAnsweredWithoutFigures() {
        show(snapshot(new NodeView("node-9", "http://x:1", null, NodeHealth.DOWN, null, 0, 0, "connection refused")));

        NodeRow row = model.values().getFirst();
        assertThat(row.stateText()).isEqualTo("—");
        assertThat(row.heapText()).isEqualTo("—");
        assertThat(row.lastError()).isEqualTo("connection refused");
    }

    private void show(ClusterSnapshot snapshot) {
        model.apply(snapshot, Figures.compute(snapshot, new RecentSamples(10), null, 10));
    }

    static ClusterSnapshot snapshot(NodeView... nodes) {
        return dev.firebreak.app.testing.Clusters.snapshot(0, nodes);
    }

    static NodeView up(String id, long uptime) {
        return new NodeView(id, "http://x:1", null, NodeHealth.UP, FirebreakEngine.report(status(id, uptime)), 1, 1, null);
    }

    private static NodeView down(String id) {
        return new NodeView(id, "http://x:1", null, NodeHealth.DOWN, FirebreakEngine.report(status(id, 1000)), 1, 2, "connection refused");
    }

    private static NodeStatus status(String id, long uptime) {
        return new NodeStatus(id, NodeState.SERVING, 0, uptime, uptime, new JvmHeap(1 << 20, 2 << 20, 4 << 20), null, FaultSettings.NONE,
                List.of());
    }
}
