package dev.firebreak.app.overview;

import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.Health;
import dev.firebreak.app.figures.KvThreshold;
import dev.firebreak.app.figures.NodeFigures;
import javafx.scene.Node;
import javafx.scene.Parent;
import dev.firebreak.app.testing.Windows;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static dev.firebreak.app.testing.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;

/** The overview of a fleet of 200 nodes builds the tiles on screen only, and scrolling re-fills them. */
class NodeGridTest {

    @AutoClose
    private final Windows windows = new Windows();

    @Test
    void shouldBuildOnlyTheTilesOnScreenForTwoHundredNodes() throws Exception {
        OverviewViewModel model = new OverviewViewModel();
        OverviewView view = onFx(() -> open(model));
        List<NodeFigures> nodes = IntStream.rangeClosed(1, 200).mapToObj(i -> new NodeFigures(String.format("node-%03d", i),
                "http://node-" + i, dev.firebreak.agent.api.NodeHealth.UP, dev.firebreak.node.api.NodeState.SERVING,
                i, 200, 1, 0, 1.0, null, null, i == 150 ? Health.DOWN : Health.HEALTHY, null, List.of())).toList();
        onFx(() -> {
            model.apply(new ClusterFigures(List.of(), nodes, null, List.of(), KvThreshold.UNKNOWN));
            view.applyCss();
            view.layout();
            return null;
        });

        List<NodeTileView> built = onFx(() -> tiles(view));
        assertThat(built.size()).as("tiles built for 200 nodes").isBetween(5, 60);
        assertThat(onFx(() -> visibleTitles(view))).contains("node-001").doesNotContain("node-150");

        NodeGrid grid = onFx(() -> (NodeGrid) view.lookup("#node-grid"));
        onFx(() -> {
            grid.scrollTo(grid.getItems().size() - 1);
            view.layout();
            return null;
        });
        assertThat(onFx(() -> visibleTitles(view))).contains("node-200");
        assertThat(onFx(() -> tiles(view)).size()).as("the same tiles, re-filled").isLessThanOrEqualTo(built.size() + 10);
    }

    @Test
    void shouldReCutOnlyTheRowsOfNodesThatChangedAndAllOfThemWhenANodeComes() throws Exception {
        OverviewViewModel model = new OverviewViewModel();
        NodeGrid grid = onFx(() -> {
            OverviewView v = open(model);
            model.apply(figures(200, -1));
            v.layout();
            return (NodeGrid) v.lookup("#node-grid");
        });
        List<List<NodeTile>> before = onFx(() -> List.copyOf(grid.getItems()));

        onFx(() -> {
            model.apply(figures(200, 77)); // node-077 goes down
            return null;
        });

        List<List<NodeTile>> after = onFx(() -> List.copyOf(grid.getItems()));
        assertThat(after.stream().flatMap(List::stream).toList()).as("the grid shows every node as the model has it")
                .isEqualTo(onFx(() -> List.copyOf(model.nodes())));
        int changed = 0;
        for (int r = 0; r < after.size(); r++) {
            if (after.get(r) != before.get(r)) {
                changed++;
                assertThat(after.get(r)).extracting(NodeTile::id).contains("node-077");
            }
        }
        assertThat(changed).as("only the row of the node that changed is cut again").isEqualTo(1);

        onFx(() -> {
            model.apply(figures(201, 77));
            return null;
        });
        assertThat(onFx(() -> grid.getItems().stream().flatMap(List::stream).map(NodeTile::id).toList()))
                .as("a node that comes is shown, in its place").hasSize(201).endsWith("node-201");
    }

    /** The overview in a window of its own, closed after the test. FX thread. */
    private OverviewView open(OverviewViewModel model) {
        return windows.show(new OverviewView(model), 1000, 700);
    }

    /** {@code count} nodes, up and healthy but {@code down} (-1: none). */
    private static ClusterFigures figures(int count, int down) {
        List<NodeFigures> nodes = IntStream.rangeClosed(1, count).mapToObj(i -> new NodeFigures(String.format("node-%03d", i),
                "http://node-" + i, i == down ? dev.firebreak.agent.api.NodeHealth.DOWN : dev.firebreak.agent.api.NodeHealth.UP,
                dev.firebreak.node.api.NodeState.SERVING, i, 200, 1, 0, 1.0, null, null,
                i == down ? Health.DOWN : Health.HEALTHY, null, List.of())).toList();
        return new ClusterFigures(List.of(), nodes, null, List.of(), KvThreshold.UNKNOWN);
    }

    private static List<NodeTileView> tiles(Parent root) {
        List<NodeTileView> found = new ArrayList<>();
        for (Node n : root.getChildrenUnmodifiable()) {
            if (n instanceof NodeTileView t) {
                found.add(t);
            } else if (n instanceof Parent p) {
                found.addAll(tiles(p));
            }
        }
        return found;
    }

    private static List<String> visibleTitles(Parent root) {
        return tiles(root).stream().filter(Node::isVisible).filter(t -> t.getParent() != null && t.getParent().isVisible())
                .map(t -> t.shown().id()).toList();
    }
}
