package dev.firebreak.app.nodes;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.app.figures.NodeModel;
import dev.firebreak.app.fx.Buttons;
import dev.firebreak.app.fx.Columns;
import dev.firebreak.app.fx.KvBar;
import dev.firebreak.app.fx.Tables;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

import java.util.Locale;
import java.util.function.Consumer;

/** The node table: one row per node, live and sortable, with a KV bar per model. Greyed while the figures are stale. */
public final class NodesView extends TableView<NodeRow> {

    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");

    public NodesView(NodesViewModel model, ObservableBooleanValue stale, ObservableStringValue actionsUnavailable,
                     Consumer<NodeRow> drainOrResume) {
        Tables.sortable(this, model.rows());
        Tables.setUp(this, "node-table", "No nodes yet");
        getStyleClass().add("node-table");

        getColumns().add(Columns.text("Node", NodeRow::id, 90));
        TableColumn<NodeRow, String> health = Columns.text("Health", r -> r.health().name(), 80);
        health.setCellFactory(c -> new HealthCell());
        getColumns().add(health);
        getColumns().add(Columns.text("State", NodeRow::stateText, 200));
        getColumns().add(Columns.text("Kind", NodeRow::kindText, 80));
        TableColumn<NodeRow, NodeRow> kv = new TableColumn<>("KV cache per model");
        kv.setId("column-kv");
        kv.setPrefWidth(240);
        kv.setComparator(java.util.Comparator.comparingDouble(r -> r.figures().kvUsage()));
        kv.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        kv.setCellFactory(c -> new KvCell(model));
        getColumns().add(kv);
        getColumns().add(Columns.text("Running", r -> r.figures().unavailable() != null && r.figures().running() == 0
                ? "n/a" : String.valueOf(r.figures().running()), 70));
        getColumns().add(Columns.text("Waiting", r -> r.figures().unavailable() != null && r.figures().waiting() == 0
                ? "n/a" : String.valueOf(r.figures().waiting()), 70));
        getColumns().add(Columns.of("Req/s", r -> r.figures().requestsPerSecond(),
                v -> String.format(Locale.ROOT, "%.1f", v), 70));
        getColumns().add(Columns.text("Uptime", NodeRow::uptimeText, 80));
        getColumns().add(Columns.text("Heap", NodeRow::heapText, 110));
        getColumns().add(Columns.text("Faults", NodeRow::faultsText, 120));
        TableColumn<NodeRow, NodeRow> action = new TableColumn<>("Action");
        action.setId("column-action");
        action.setPrefWidth(90);
        action.setSortable(false);
        action.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        action.setCellFactory(c -> new ActionCell(actionsUnavailable, drainOrResume));
        getColumns().add(action);

        stale.subscribe(isStale -> pseudoClassStateChanged(STALE, isStale));
    }

    /** One KV bar per model the node serves. */
    private static final class KvCell extends TableCell<NodeRow, NodeRow> {
        private final VBox bars = new VBox(2);
        private final NodesViewModel model;

        KvCell(NodesViewModel model) {
            this.model = model;
        }

        @Override
        protected void updateItem(NodeRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null || row.figures().models().isEmpty()) {
                setGraphic(null);
                return;
            }
            while (bars.getChildren().size() < row.figures().models().size()) {
                bars.getChildren().add(new KvBar());
            }
            bars.getChildren().remove(row.figures().models().size(), bars.getChildren().size());
            for (int i = 0; i < row.figures().models().size(); i++) {
                NodeModel m = row.figures().models().get(i);
                ((KvBar) bars.getChildren().get(i)).show(m.model(), m.kvUsage(), model.kvThresholdProperty().get());
            }
            setGraphic(bars);
        }
    }

    /** Drain for a serving node, Resume for a draining or drained one; disabled, with the reason, when the console may not act. */
    private static final class ActionCell extends TableCell<NodeRow, NodeRow> {
        private final Button button = new Button();
        private final ObservableStringValue unavailable;

        ActionCell(ObservableStringValue unavailable, Consumer<NodeRow> actions) {
            this.unavailable = unavailable;
            button.getStyleClass().add("node-action");
            button.setOnAction(e -> {
                if (getItem() != null) {
                    actions.accept(getItem());
                }
            });
            unavailable.subscribe(reason -> refreshState());
        }

        @Override
        protected void updateItem(NodeRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null || row.state() == null) {
                setGraphic(null);
                return;
            }
            button.setText(row.state().drainable() ? "Drain" : "Resume");
            button.setId("action-" + row.id());
            refreshState();
            setGraphic(button);
        }

        private void refreshState() {
            String reason = unavailable.get();
            NodeRow row = getItem();
            boolean down = row != null && row.health() != NodeHealth.UP;
            Buttons.unavailableFor(reason != null ? reason : down ? "the node is not answering" : null, button);
        }
    }

    /** Colours health only: green up, red down; says why a node is down on hover. */
    private static final class HealthCell extends TableCell<NodeRow, String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeIf(c -> c.startsWith("health-"));
            if (empty || item == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            setText(item);
            getStyleClass().add("health-" + item.toLowerCase(Locale.ROOT));
            NodeRow row = getTableRow() == null ? null : getTableRow().getItem();
            setTooltip(row != null && row.lastError() != null ? new Tooltip(row.lastError()) : null);
        }
    }
}
