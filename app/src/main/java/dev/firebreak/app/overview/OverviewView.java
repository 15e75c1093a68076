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
import java.util.Locale;
import java.util.Map;

/**
 * The overview: a tile per model (requests/s, errors, p99 time to first token, KV gauge, breaker
 * state) and a tile per node (state, KV, running and waiting). Tiles are made once and updated.
 */
public final class OverviewView extends ScrollPane {

    private final FlowPane modelTiles = new FlowPane(10, 10);
    private final FlowPane nodeTiles = new FlowPane(10, 10);
    private final Map<String, Tile> byModel = new LinkedHashMap<>();
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
        sync(byModel, modelTiles, figures.models().stream().map(ModelFigures::model).toList(),
                name -> Tiles.kvGauge(Tile.SkinType.GAUGE, name, 250, 210));
        for (ModelFigures m : figures.models()) {
            Tile tile = byModel.get(m.model());
            tile.setValue(100 * m.kvUsage());
            tile.setDescription(m.health().name());
            tile.setText(String.format(Locale.ROOT, "%.1f req/s · %s err · p99 TTFT %.0f ms", m.requestsPerSecond(),
                    Double.isNaN(m.errorPercent()) ? "—" : String.format(Locale.ROOT, "%.1f%%", m.errorPercent()),
                    m.ttftP99Seconds() * 1000));
            tile.setUnit("% KV · breakers " + m.breakers());
            Tiles.paint(tile, m.health());
            tile.setTooltip(new javafx.scene.control.Tooltip(tooltip(m)));
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
            tile.setTooltip(new javafx.scene.control.Tooltip(n.alert() == null ? n.id() + ": " + state : n.alert()));
        }
    }

    private static String tooltip(ModelFigures m) {
        return m.model() + ": " + m.nodesServing() + " of " + m.nodesTotal() + " nodes serving; breakers " + m.breakers()
                + (m.fallback() == null ? "" : "; fallback " + m.fallback()) + (m.alert() == null ? "" : "\n" + m.alert());
    }

    private static void sync(Map<String, Tile> tiles, FlowPane pane, List<String> keys, java.util.function.Function<String, Tile> create) {
        if (tiles.keySet().stream().toList().equals(keys)) {
            return;
        }
        tiles.keySet().retainAll(keys);
        for (String key : keys) {
            tiles.computeIfAbsent(key, k -> {
                Tile tile = create.apply(k);
                tile.setId("tile-" + k);
                return tile;
            });
        }
        Map<String, Tile> ordered = new LinkedHashMap<>();
        keys.forEach(k -> ordered.put(k, tiles.get(k)));
        tiles.clear();
        tiles.putAll(ordered);
        pane.getChildren().setAll(ordered.values());
    }
}
