package dev.firebreak.app.nodes;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Button;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

import java.util.function.Function;

/** The node table: one row per node, live. Greyed while the figures are stale. */
public final class NodesView extends TableView<NodeRow> {

    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");

    /** What the table asks of the console when the operator clicks a node's action. */
    @FunctionalInterface
    public interface NodeActions {
        void requested(NodeRow row);
    }

    public NodesView(NodesViewModel model, ObservableBooleanValue stale, ObservableStringValue actionsUnavailable,
                     NodeActions actions) {
        super(model.rows());
        setId("node-table");
        getStyleClass().add("node-table");
        setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        setPlaceholder(new Label("No nodes yet"));

        getColumns().add(column("Node", NodeRow::id, 140));
        TableColumn<NodeRow, String> health = column("Health", r -> r.health().name(), 110);
        health.setCellFactory(c -> new HealthCell());
        getColumns().add(health);
        getColumns().add(column("State", NodeRow::stateText, 120));
        getColumns().add(column("Uptime", NodeRow::uptimeText, 100));
        getColumns().add(column("Heap", NodeRow::heapText, 140));
        getColumns().add(column("Models", NodeRow::models, 220));
        TableColumn<NodeRow, NodeRow> action = new TableColumn<>("Action");
        action.setId("column-action");
        action.setPrefWidth(120);
        action.setSortable(false);
        action.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        action.setCellFactory(c -> new ActionCell(actionsUnavailable, actions));
        getColumns().add(action);

        stale.subscribe(isStale -> pseudoClassStateChanged(STALE, isStale));
    }

    private static TableColumn<NodeRow, String> column(String title, Function<NodeRow, String> value, double width) {
        TableColumn<NodeRow, String> column = new TableColumn<>(title);
        column.setId("column-" + title.toLowerCase());
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        return column;
    }

    /** Drain for a serving node, Resume for a draining or drained one; disabled, with the reason, when the console may not act. */
    private static final class ActionCell extends TableCell<NodeRow, NodeRow> {
        private final Button button = new Button();
        private final ObservableStringValue unavailable;

        ActionCell(ObservableStringValue unavailable, NodeActions actions) {
            this.unavailable = unavailable;
            button.getStyleClass().add("node-action");
            button.setOnAction(e -> {
                if (getItem() != null) {
                    actions.requested(getItem());
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
            button.setText(row.state() == dev.firebreak.node.api.NodeState.SERVING ? "Drain" : "Resume");
            button.setId("action-" + row.id());
            refreshState();
            setGraphic(button);
        }

        private void refreshState() {
            String reason = unavailable.get();
            NodeRow row = getItem();
            boolean down = row != null && row.health() != dev.firebreak.agent.api.NodeHealth.UP;
            button.setDisable(reason != null || down);
            String why = reason != null ? reason : down ? "the node is not answering" : null;
            button.setTooltip(why == null ? null : new Tooltip(why));
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
            getStyleClass().add("health-" + item.toLowerCase());
            NodeRow row = getTableRow() == null ? null : getTableRow().getItem();
            setTooltip(row != null && row.lastError() != null ? new Tooltip(row.lastError()) : null);
        }
    }
}
