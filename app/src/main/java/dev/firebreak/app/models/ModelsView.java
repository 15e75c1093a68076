package dev.firebreak.app.models;

import dev.firebreak.app.figures.ModelFigures;
import dev.firebreak.app.fx.Buttons;
import dev.firebreak.app.fx.Columns;
import dev.firebreak.app.fx.ContainedCell;
import dev.firebreak.app.fx.LiveCell;
import dev.firebreak.app.fx.KvBar;
import dev.firebreak.app.fx.LiveRow;
import dev.firebreak.app.fx.Tables;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Button;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;

import java.util.Comparator;
import java.util.Locale;

/** The model table: one line per model across the cluster, live and sortable, with its KV bar and the model's actions. */
public final class ModelsView extends TableView<LiveRow<ModelFigures>> {

    public ModelsView(ModelsViewModel model, ObservableStringValue actionsUnavailable, ModelActions actions) {
        Tables.liveSortable(this, model.lines());
        Tables.setUp(this, "model-table", "No models yet");
        // One line a row: a fixed height spares the table measuring each row at every update (a fleet has thousands).
        setFixedCellSize(30);
        getStyleClass().add("model-table");
        getColumns().add(Columns.liveText("Model", ModelFigures::model, 110));
        getColumns().add(Columns.liveState("Health", 90, ModelFigures::health, "health-", Comparator.comparing(m -> m.health().name())));
        getColumns().add(Columns.live("Req/s", ModelFigures::requestsPerSecond, v -> String.format(Locale.ROOT, "%.1f", v), 70));
        getColumns().add(Columns.live("Errors", ModelFigures::errorPercent,
                v -> v.isNaN() ? "—" : String.format(Locale.ROOT, "%.1f%%", v), 70));
        getColumns().add(Columns.live("p99 TTFT", ModelFigures::ttftP99Seconds, v -> String.format(Locale.ROOT, "%.0f ms", v * 1000), 80));
        TableColumn<LiveRow<ModelFigures>, LiveRow<ModelFigures>> kv = Columns.whole("KV cache", 170, Comparator.comparingDouble(ModelFigures::kvUsage));
        kv.setId("column-kv");
        kv.setCellFactory(c -> new ContainedCell<>(new KvBar()) {
            @Override
            protected void show(ModelFigures m) {
                if (m != null) {
                    content().show("", m.kvUsage(), model.kvThresholdProperty().get());
                }
                showContent(m != null);
            }
        });
        getColumns().add(kv);
        getColumns().add(Columns.live("Running", ModelFigures::running, String::valueOf, 65));
        getColumns().add(Columns.live("Waiting", ModelFigures::waiting, String::valueOf, 65));
        getColumns().add(Columns.liveText("Nodes", m -> m.nodesServing() + " / " + m.nodesTotal(), 60));
        getColumns().add(Columns.liveText("Breakers", ModelFigures::breakersText, 130));
        getColumns().add(Columns.liveText("Fallback", m -> m.fallback() == null ? "" : m.fallback(), 80));
        TableColumn<LiveRow<ModelFigures>, LiveRow<ModelFigures>> action = Columns.whole("Actions", 240, null);
        action.setCellFactory(c -> new ActionsCell(actionsUnavailable, actions));
        getColumns().add(action);
    }

    private static final class ActionsCell extends LiveCell<ModelFigures> {
        private final Button reroute = new Button("Reroute…");
        private final Button fallback = new Button("Fallback…");
        private final Button trip = new Button("Trip all");
        private final HBox buttons = new HBox(4, reroute, fallback, trip);
        private final ObservableStringValue unavailable;

        ActionsCell(ObservableStringValue unavailable, ModelActions actions) {
            this.unavailable = unavailable;
            reroute.setOnAction(e -> actions.reroute(value().model()));
            fallback.setOnAction(e -> actions.fallback(value().model()));
            trip.setOnAction(e -> actions.tripEverywhere(value().model(), value().anyForcedOpen()));
            unavailable.subscribe(reason -> refresh());
        }

        private void refresh() {
            Buttons.unavailableFor(unavailable.get(), reroute, fallback, trip);
        }

        @Override
        protected void show(ModelFigures item) {
            if (item == null) {
                setGraphic(null);
                return;
            }
            reroute.setId("reroute-" + item.model());
            fallback.setId("fallback-" + item.model());
            trip.setId("trip-all-" + item.model());
            trip.setText(ModelsViewModel.tripAllLabel(item));
            refresh();
            setGraphic(buttons);
        }
    }
}
