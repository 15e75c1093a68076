package dev.firebreak.app.nodes;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableBooleanValue;
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

    public NodesView(NodesViewModel model, ObservableBooleanValue stale) {
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

        stale.subscribe(isStale -> pseudoClassStateChanged(STALE, isStale));
    }

    private static TableColumn<NodeRow, String> column(String title, Function<NodeRow, String> value, double width) {
        TableColumn<NodeRow, String> column = new TableColumn<>(title);
        column.setId("column-" + title.toLowerCase());
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        return column;
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
