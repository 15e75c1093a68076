package dev.firebreak.app.overview;

import dev.firebreak.app.figures.KvThreshold;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The overview: a card per model (requests/s, errors, p99 time to first token, KV gauge, breaker
 * state) and a tile per node (state, KV, running and waiting). Model cards are made once and
 * updated; node tiles live in a virtualised grid ({@link NodeGrid}), so a fleet of hundreds of
 * nodes costs the tiles on screen only.
 */
public final class OverviewView extends VBox {

    /** Model cards shown before the cards scroll on their own: two rows. */
    private static final double MODEL_CARDS_HEIGHT = 2 * 190;

    private final FlowPane modelTiles = new FlowPane(10, 10);
    private final Map<String, ModelCard> byModel = new LinkedHashMap<>();
    private final OverviewViewModel model;

    public OverviewView(OverviewViewModel model) {
        super(8);
        this.model = model;
        setId("overview");
        Label models = new Label("Models");
        models.getStyleClass().add("section-title");
        Label nodes = new Label("Nodes");
        nodes.getStyleClass().add("section-title");
        ScrollPane cards = new ScrollPane(modelTiles);
        cards.setFitToWidth(true);
        cards.setMaxHeight(MODEL_CARDS_HEIGHT);
        cards.getStyleClass().add("model-cards");
        NodeGrid grid = new NodeGrid(model);
        VBox.setVgrow(grid, Priority.ALWAYS);
        getChildren().addAll(models, cards, nodes, grid);
        setPadding(new Insets(12));
        getStyleClass().add("overview");
        model.models().addListener((ListChangeListener<ModelTile>) change -> showModels());
        model.kvThresholdProperty().subscribe(this::threshold);
    }

    private void showModels() {
        boolean added = sync(byModel, modelTiles, model.models().stream().map(ModelTile::model).toList(), ModelCard::new);
        model.models().forEach(m -> byModel.get(m.model()).show(m));
        if (added) {
            threshold(model.kvThresholdProperty().get());
        }
    }

    private void threshold(KvThreshold threshold) {
        byModel.values().forEach(card -> card.threshold(threshold));
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
