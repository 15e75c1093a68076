package dev.firebreak.app.models;

import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.KvThreshold;
import dev.firebreak.app.figures.ModelFigures;
import dev.firebreak.app.fx.Rows;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The model table's rows, one per model across the cluster, as JavaFX state. FX thread only. */
public final class ModelsViewModel {

    private final ObservableList<ModelFigures> rows = FXCollections.observableArrayList();
    private final ObjectProperty<KvThreshold> kvThreshold = new SimpleObjectProperty<>(KvThreshold.UNKNOWN);

    /** Shows the models of {@code figures}, replacing only rows that changed so selection survives. */
    public void apply(ClusterFigures figures) {
        kvThreshold.set(figures.kvThreshold());
        Rows.update(rows, figures.models(), ModelFigures::model);
    }

    public ObservableList<ModelFigures> rows() {
        return rows;
    }

    /** Where the KV bars turn amber: the gateway's threshold. */
    public ObjectProperty<KvThreshold> kvThresholdProperty() {
        return kvThreshold;
    }

    /** "Reset all" when an operator tripped the model somewhere, else "Trip all". */
    public static String tripAllLabel(ModelFigures model) {
        return model.anyForcedOpen() ? "Reset all" : "Trip all";
    }
}
