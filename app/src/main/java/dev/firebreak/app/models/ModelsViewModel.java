package dev.firebreak.app.models;

import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.KvThreshold;
import dev.firebreak.app.figures.ModelFigures;
import dev.firebreak.app.fx.LiveRows;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.util.List;

/** The model table's rows, one per model across the cluster, as JavaFX state. FX thread only. */
public final class ModelsViewModel {

    private final LiveRows<ModelFigures, String> rows = new LiveRows<>(ModelFigures::model);
    private final ObjectProperty<KvThreshold> kvThreshold = new SimpleObjectProperty<>(KvThreshold.UNKNOWN);

    /** Shows the models of {@code figures}: each model keeps its line, so selection and scroll survive. */
    public void apply(ClusterFigures figures) {
        kvThreshold.set(figures.kvThreshold());
        rows.update(figures.models());
    }

    /** One line per model, whose value is the model's newest figures; the table follows them (see {@link LiveRows}). */
    public LiveRows<ModelFigures, String> lines() {
        return rows;
    }

    /** The models shown, in the agent's order. */
    public List<ModelFigures> values() {
        return rows.values();
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
