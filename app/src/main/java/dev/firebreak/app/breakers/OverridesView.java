package dev.firebreak.app.breakers;

import dev.firebreak.agent.api.OverrideView;
import dev.firebreak.app.fx.Buttons;
import dev.firebreak.app.fx.Columns;
import dev.firebreak.app.fx.GraphicCell;
import dev.firebreak.app.fx.Tables;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Button;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

/** Operator decisions in force (tripped breakers, drains, reroutes, fallbacks), each with Clear. */
public final class OverridesView extends TableView<OverrideView> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    public OverridesView(BreakersViewModel model, ObservableStringValue actionsUnavailable, Consumer<OverrideView> clear) {
        setItems(model.overrides());
        Tables.setUp(this, "override-table", "No operator overrides in force");
        getColumns().add(Columns.of("Id", OverrideView::id, String::valueOf, 50));
        getColumns().add(Columns.text("Action", o -> o.type().name(), 100));
        getColumns().add(Columns.text("On", BreakersViewModel::target, 200));
        getColumns().add(Columns.text("By", OverrideView::who, 110));
        getColumns().add(Columns.text("Reason", OverrideView::reason, 200));
        getColumns().add(Columns.of("Until", OverrideView::expiresAtMillis,
                t -> t == 0 ? "cleared by hand" : TIME.format(Instant.ofEpochMilli(t)), 110));
        TableColumn<OverrideView, OverrideView> action = new TableColumn<>("");
        action.setSortable(false);
        action.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        action.setCellFactory(c -> new GraphicCell<>() {
            private final Button button = new Button("Clear");

            {
                button.setOnAction(e -> clear.accept(getItem()));
                actionsUnavailable.subscribe(reason -> Buttons.unavailableFor(reason, button));
            }

            @Override
            protected Button graphic(OverrideView item) {
                button.setId("clear-override-" + item.id());
                return button;
            }
        });
        getColumns().add(action);
    }
}
