package dev.firebreak.app.overview;

import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.Health;
import dev.firebreak.app.figures.KvThreshold;
import dev.firebreak.app.figures.NodeFigures;
import eu.hansolo.tilesfx.Tile;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static dev.firebreak.app.testing.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;

/** The overview of a fleet of 200 nodes builds the tiles on screen only, and scrolling re-fills them. */
class NodeGridTest {

    @Test
    void shouldBuildOnlyTheTilesOnScreenForTwoHundredNodes() throws Exception {
        FxToolkit.registerPrimaryStage();
        OverviewViewModel model = new OverviewViewModel();
        OverviewView view = onFx(() -> {
            OverviewView v = new OverviewView(model);
            Stage stage = new Stage();
            stage.setScene(new Scene(v, 1000, 700));
            stage.show();
            return v;
        });
        List<NodeFigures> nodes = IntStream.rangeClosed(1, 200).mapToObj(i -> new NodeFigures(String.format("node-%03d", i),
                "http://node-" + i, dev.firebreak.agent.api.NodeHealth.UP, dev.firebreak.node.api.NodeState.SERVING,
                i, 200, 1, 0, 1.0, null, null, i == 150 ? Health.DOWN : Health.HEALTHY, null, List.of())).toList();
        onFx(() -> {
            model.apply(new ClusterFigures(List.of(), nodes, null, List.of(), KvThreshold.UNKNOWN));
            view.applyCss();
            view.layout();
            return null;
        });

        List<Tile> built = onFx(() -> tiles(view));
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

    private static List<Tile> tiles(Parent root) {
        List<Tile> found = new ArrayList<>();
        for (Node n : root.getChildrenUnmodifiable()) {
            if (n instanceof Tile t) {
                found.add(t);
            } else if (n instanceof Parent p) {
                found.addAll(tiles(p));
            }
        }
        return found;
    }

    private static List<String> visibleTitles(Parent root) {
        return tiles(root).stream().filter(Node::isVisible).filter(t -> t.getParent() != null && t.getParent().isVisible())
                .map(Tile::getTitle).toList();
    }
}
