package dev.firebreak.app.overview;

import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.KvThreshold;
import dev.firebreak.app.fx.Rows;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The overview's tiles, a card per model and a tile per node, as JavaFX state. FX thread only. */
public final class OverviewViewModel {

    private final ObservableList<ModelTile> models = FXCollections.observableArrayList();
    private final ObservableList<NodeTile> nodes = FXCollections.observableArrayList();
    private final ObjectProperty<KvThreshold> kvThreshold = new SimpleObjectProperty<>(KvThreshold.UNKNOWN);

    /** Shows {@code figures}, replacing only the tiles that changed. */
    public void apply(ClusterFigures figures) {
        kvThreshold.set(figures.kvThreshold());
        Rows.update(models, figures.models().stream().map(ModelTile::of).toList(), ModelTile::model);
        Rows.update(nodes, figures.nodes().stream().map(NodeTile::of).toList(), NodeTile::id);
    }

    public ObservableList<ModelTile> models() {
        return models;
    }

    public ObservableList<NodeTile> nodes() {
        return nodes;
    }

    /** Where the gauges turn amber: the gateway's threshold. */
    public ObjectProperty<KvThreshold> kvThresholdProperty() {
        return kvThreshold;
    }
}
