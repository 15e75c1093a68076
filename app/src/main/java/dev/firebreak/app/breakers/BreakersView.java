package dev.firebreak.app.breakers;

import dev.firebreak.app.fx.StyleClasses;
import dev.firebreak.agent.api.BreakerState;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.app.fx.Buttons;
import dev.firebreak.app.fx.GraphicCell;
import dev.firebreak.app.fx.Tables;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Button;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/** The gateway's circuit breakers, one row per (model, node), with Trip or Reset. Colour only on open ones. */
public final class BreakersView extends TableView<BreakerView> {

    public BreakersView(BreakersViewModel model, ObservableStringValue actionsUnavailable, Consumer<BreakerView> actions) {
        Tables.sortable(this, model.breakers());
        Tables.setUp(this, "breaker-table", "No breakers yet: they appear once the gateway has routed a model to a node");
        // One line a row: a fixed height spares the table measuring each row at every update (a fleet has thousands).
        setFixedCellSize(30);
        getColumns().add(column("Model", BreakerView::model));
        getColumns().add(column("Node", BreakerView::nodeId));
        TableColumn<BreakerView, BreakerState> state = new TableColumn<>("State");
        state.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().state()));
        state.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(BreakerState item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.name());
                StyleClasses.choose(this, s -> s.startsWith("breaker-"), empty || item == null ? null
                        : "breaker-" + item.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        });
        getColumns().add(state);
        getColumns().add(column("Failure rate", b -> b.failureRatePercent() < 0 ? "—"
                : String.format(Locale.ROOT, "%.0f%% of %d", b.failureRatePercent(), b.bufferedCalls())));
        TableColumn<BreakerView, BreakerView> action = new TableColumn<>("Action");
        action.setSortable(false);
        action.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        action.setCellFactory(c -> new GraphicCell<>() {
            private final Button button = new Button();

            {
                button.setOnAction(e -> {
                    if (getItem() != null) {
                        actions.accept(getItem());
                    }
                });
                actionsUnavailable.subscribe(reason -> refresh(reason));
            }

            private void refresh(String reason) {
                Buttons.unavailableFor(reason, button);
            }

            @Override
            protected Button graphic(BreakerView item) {
                button.setText(BreakersViewModel.actionLabel(item));
                button.setId("breaker-action-" + item.model() + "-" + item.nodeId());
                refresh(actionsUnavailable.get());
                return button;
            }
        });
        getColumns().add(action);
    }

    private static TableColumn<BreakerView, String> column(String title, Function<BreakerView, String> value) {
        TableColumn<BreakerView, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return column;
    }
}
