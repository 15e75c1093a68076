package dev.firebreak.app.models;

import dev.firebreak.app.fx.StyleClasses;
import dev.firebreak.app.figures.ModelFigures;
import dev.firebreak.app.fx.Buttons;
import dev.firebreak.app.fx.Columns;
import dev.firebreak.app.fx.GraphicCell;
import dev.firebreak.app.fx.KvBar;
import dev.firebreak.app.fx.LiveRow;
import dev.firebreak.app.fx.Tables;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Button;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;

import java.util.Comparator;
import java.util.Locale;

/** The model table: one line per model across the cluster, live and sortable, with its KV bar and the model's actions. */
public final class ModelsView extends TableView<LiveRow<ModelFigures>> {

    public ModelsView(ModelsViewModel model, ObservableStringValue actionsUnavailable, ModelActions actions) {
        Runnable sortAgain = Tables.liveSortable(this, model.rows());
        model.movedInPlaceProperty().subscribe((Number updates) -> sortAgain.run());
        Tables.setUp(this, "model-table", "No models yet");
        // One line a row: a fixed height spares the table measuring each row at every update (a fleet has thousands).
        setFixedCellSize(30);
        getStyleClass().add("model-table");
        getColumns().add(Columns.liveText("Model", ModelFigures::model, 110));
        TableColumn<LiveRow<ModelFigures>, String> health = Columns.liveText("Health", m -> m.health().name(), 90);
        health.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                StyleClasses.choose(this, s -> s.startsWith("health-"),
                        empty || item == null ? null : "health-" + item.toLowerCase(Locale.ROOT));
            }
        });
        getColumns().add(health);
        getColumns().add(Columns.live("Req/s", ModelFigures::requestsPerSecond, v -> String.format(Locale.ROOT, "%.1f", v), 70));
        getColumns().add(Columns.live("Errors", ModelFigures::errorPercent,
                v -> v.isNaN() ? "—" : String.format(Locale.ROOT, "%.1f%%", v), 70));
        getColumns().add(Columns.live("p99 TTFT", ModelFigures::ttftP99Seconds, v -> String.format(Locale.ROOT, "%.0f ms", v * 1000), 80));
        TableColumn<LiveRow<ModelFigures>, ModelFigures> kv = Columns.whole("KV cache", 170, Comparator.comparingDouble(ModelFigures::kvUsage));
        kv.setId("column-kv");
        kv.setCellFactory(c -> new TableCell<>() {
            private final KvBar bar = new KvBar();

            @Override
            protected void updateItem(ModelFigures item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                } else {
                    bar.show("", item.kvUsage(), model.kvThresholdProperty().get());
                    setGraphic(bar);
                }
            }
        });
        getColumns().add(kv);
        getColumns().add(Columns.live("Running", ModelFigures::running, String::valueOf, 65));
        getColumns().add(Columns.live("Waiting", ModelFigures::waiting, String::valueOf, 65));
        getColumns().add(Columns.liveText("Nodes", m -> m.nodesServing() + " / " + m.nodesTotal(), 60));
        getColumns().add(Columns.liveText("Breakers", ModelFigures::breakersText, 130));
        getColumns().add(Columns.liveText("Fallback", m -> m.fallback() == null ? "" : m.fallback(), 80));
        TableColumn<LiveRow<ModelFigures>, ModelFigures> action = Columns.whole("Actions", 240, null);
        action.setCellFactory(c -> new ActionsCell(actionsUnavailable, actions));
        getColumns().add(action);
    }

    private static final class ActionsCell extends GraphicCell<LiveRow<ModelFigures>, ModelFigures> {
        private final Button reroute = new Button("Reroute…");
        private final Button fallback = new Button("Fallback…");
        private final Button trip = new Button("Trip all");
        private final HBox buttons = new HBox(4, reroute, fallback, trip);
        private final ObservableStringValue unavailable;

        ActionsCell(ObservableStringValue unavailable, ModelActions actions) {
            this.unavailable = unavailable;
            reroute.setOnAction(e -> actions.reroute(getItem().model()));
            fallback.setOnAction(e -> actions.fallback(getItem().model()));
            trip.setOnAction(e -> actions.tripEverywhere(getItem().model(), getItem().anyForcedOpen()));
            unavailable.subscribe(reason -> refresh());
        }

        private void refresh() {
            Buttons.unavailableFor(unavailable.get(), reroute, fallback, trip);
        }

        @Override
        protected HBox graphic(ModelFigures item) {
            reroute.setId("reroute-" + item.model());
            fallback.setId("fallback-" + item.model());
            trip.setId("trip-all-" + item.model());
            trip.setText(ModelsViewModel.tripAllLabel(item));
            refresh();
            return buttons;
        }
    }
}
