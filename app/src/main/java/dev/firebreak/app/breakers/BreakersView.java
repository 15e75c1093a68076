package dev.firebreak.app.breakers;

import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.app.fx.Buttons;
import dev.firebreak.app.fx.Columns;
import dev.firebreak.app.fx.LiveCell;
import dev.firebreak.app.fx.LiveRow;
import dev.firebreak.app.fx.Tables;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Button;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.util.Comparator;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The gateway's circuit breakers, one live line per (model, node), with Trip or Reset. Colour only
 * on open ones. Live: a breaker's new failure rate redraws its cell, not the table (a fleet has
 * thousands of breakers, and their rates move every second).
 */
public final class BreakersView extends TableView<LiveRow<BreakerView>> {

    public BreakersView(BreakersViewModel model, ObservableStringValue actionsUnavailable, Consumer<BreakerView> actions) {
        Tables.liveSortable(this, model.breakers());
        Tables.setUp(this, "breaker-table", "No breakers yet: they appear once the gateway has routed a model to a node");
        // One line a row: a fixed height spares the table measuring each row at every update.
        setFixedCellSize(30);
        getColumns().add(Columns.liveText("Model", BreakerView::model, 120));
        getColumns().add(Columns.liveText("Node", BreakerView::nodeId, 120));
        getColumns().add(Columns.liveState("State", 110, BreakerView::state, "breaker-", Comparator.comparing(BreakerView::state)));
        getColumns().add(Columns.liveText("Failure rate", b -> b.failureRatePercent() < 0 ? "—"
                : String.format(Locale.ROOT, "%.0f%% of %d", b.failureRatePercent(), b.bufferedCalls()), 120));
        TableColumn<LiveRow<BreakerView>, LiveRow<BreakerView>> action = Columns.whole("Action", 90, null);
        action.setCellFactory(c -> new LiveCell<>() {
            private final Button button = new Button();

            {
                button.setOnAction(e -> {
                    if (value() != null) {
                        actions.accept(value());
                    }
                });
                actionsUnavailable.subscribe(this::refresh);
            }

            private void refresh(String reason) {
                Buttons.unavailableFor(reason, button);
            }

            @Override
            protected void show(BreakerView b) {
                if (b == null) {
                    setGraphic(null);
                    return;
                }
                button.setText(BreakersViewModel.actionLabel(b));
                button.setId("breaker-action-" + b.model() + "-" + b.nodeId());
                refresh(actionsUnavailable.get());
                setGraphic(button);
            }
        });
        getColumns().add(action);
    }
}
