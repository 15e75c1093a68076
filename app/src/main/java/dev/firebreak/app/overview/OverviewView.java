package dev.firebreak.app.overview;

import dev.firebreak.app.figures.KvThreshold;
import eu.hansolo.tilesfx.Tile;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The overview: a card per model (requests/s, errors, p99 time to first token, KV gauge, breaker
 * state) and a tile per node (state, KV, running and waiting). Tiles are made once and updated.
 */
public final class OverviewView extends ScrollPane {

    private final FlowPane modelTiles = new FlowPane(10, 10);
    private final FlowPane nodeTiles = new FlowPane(10, 10);
    private final Map<String, ModelCard> byModel = new LinkedHashMap<>();
    private final Map<String, Tile> byNode = new LinkedHashMap<>();
    private final Map<String, Tooltip> nodeTips = new LinkedHashMap<>();
    private final OverviewViewModel model;

    public OverviewView(OverviewViewModel model) {
        this.model = model;
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
        model.models().addListener((ListChangeListener<ModelTile>) change -> showModels());
        model.nodes().addListener((ListChangeListener<NodeTile>) change -> showNodes());
        model.kvThresholdProperty().subscribe(this::threshold);
    }

    private void showModels() {
        boolean added = sync(byModel, modelTiles, model.models().stream().map(ModelTile::model).toList(), ModelCard::new);
        model.models().forEach(m -> byModel.get(m.model()).show(m));
        if (added) {
            threshold(model.kvThresholdProperty().get());
        }
    }

    private void showNodes() {
        boolean added = sync(byNode, nodeTiles, model.nodes().stream().map(NodeTile::id).toList(),
                id -> Tiles.kvGauge(Tile.SkinType.CIRCULAR_PROGRESS, id, 170, 170));
        for (NodeTile n : model.nodes()) {
            Tile tile = byNode.get(n.id());
            boolean known = !Double.isNaN(n.kvPercent());
            tile.setValue(known ? n.kvPercent() : 0);
            tile.setValueVisible(known);
            tile.setDescription(known ? "" : "KV n/a");
            tile.setText(n.text());
            Tiles.paint(tile, n.health());
            nodeTips.computeIfAbsent(n.id(), k -> {
                Tooltip tip = new Tooltip();
                Tooltip.install(tile, tip);
                return tip;
            }).setText(n.tooltip());
        }
        if (added) {
            threshold(model.kvThresholdProperty().get());
        }
    }

    private void threshold(KvThreshold threshold) {
        byModel.values().forEach(card -> card.threshold(threshold));
        byNode.values().forEach(tile -> Tiles.threshold(tile, threshold));
    }

    /** Makes the tiles match {@code keys} in order; true if it made new ones. */
    private static <T extends Node> boolean sync(Map<String, T> tiles, FlowPane pane, List<String> keys, Function<String, T> create) {
        if (tiles.keySet().stream().toList().equals(keys)) {
            return false;
        }
        tiles.keySet().retainAll(keys);
        Map<String, T> ordered = new LinkedHashMap<>();
        for (String key : keys) {
            ordered.put(key, tiles.computeIfAbsent(key, k -> {
                T tile = create.apply(k);
                tile.setId("tile-" + k);
                return tile;
            }));
        }
        tiles.clear();
        tiles.putAll(ordered);
        pane.getChildren().setAll(ordered.values());
        return true;
    }
}
