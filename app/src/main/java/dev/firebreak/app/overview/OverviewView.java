package dev.firebreak.app.overview;

import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.ModelFigures;
import dev.firebreak.app.figures.NodeFigures;
import eu.hansolo.tilesfx.Tile;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The overview: a tile per model (requests/s, errors, p99 time to first token, KV gauge, breaker
 * state) and a tile per node (state, KV, running and waiting). Tiles are made once and updated.
 */
public final class OverviewView extends ScrollPane {

    private final FlowPane modelTiles = new FlowPane(10, 10);
    private final FlowPane nodeTiles = new FlowPane(10, 10);
    private final Map<String, ModelCard> byModel = new LinkedHashMap<>();
    private final Map<String, javafx.scene.control.Tooltip> nodeTips = new LinkedHashMap<>();
    private final Map<String, Tile> byNode = new LinkedHashMap<>();

    public OverviewView() {
        setId("overview");
        Label models = new Label("Models");
        models.getStyleClass().add("section-title");
        Label nodes = new Label("Nodes");
        nodes.getStyleClass().add("section-title");
        VBox content = new VBox(8, models, modelTiles, nodes, nodeTiles);
        content.setPadding(new Insets(12));
        setContent(content);
        setFitToWidth(true);
        getStyleClass().add("overview");
    }

    /** Shows {@code figures}. FX thread only. */
    public void show(ClusterFigures figures) {
        sync(byModel, modelTiles, figures.models().stream().map(ModelFigures::model).toList(), ModelCard::new);
        for (ModelFigures m : figures.models()) {
            byModel.get(m.model()).show(m);
        }
        sync(byNode, nodeTiles, figures.nodes().stream().map(NodeFigures::id).toList(),
                id -> Tiles.kvGauge(Tile.SkinType.CIRCULAR_PROGRESS, id, 170, 170));
        for (NodeFigures n : figures.nodes()) {
            Tile tile = byNode.get(n.id());
            tile.setValue(100 * n.kvUsage());
            String state = n.reachability() != dev.firebreak.agent.api.NodeHealth.UP ? "DOWN"
                    : n.state() == null ? "—" : n.state().name();
            tile.setText(state + " · " + n.running() + " run / " + n.waiting() + " wait");
            Tiles.paint(tile, n.health());
            nodeTips.computeIfAbsent(n.id(), k -> {
                javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
                javafx.scene.control.Tooltip.install(tile, tip);
                return tip;
            }).setText(n.alert() == null ? n.id() + ": " + state : n.alert());
        }
    }

    private static <T extends javafx.scene.Node> void sync(Map<String, T> tiles, FlowPane pane, List<String> keys,
                                                           java.util.function.Function<String, T> create) {
        if (tiles.keySet().stream().toList().equals(keys)) {
            return;
        }
        tiles.keySet().retainAll(keys);
        for (String key : keys) {
            tiles.computeIfAbsent(key, k -> {
                T tile = create.apply(k);
                tile.setId("tile-" + k);
                return tile;
            });
        }
        Map<String, T> ordered = new LinkedHashMap<>();
        keys.forEach(k -> ordered.put(k, tiles.get(k)));
        tiles.clear();
        tiles.putAll(ordered);
        pane.getChildren().setAll(ordered.values());
    }
}
