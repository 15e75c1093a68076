package dev.firebreak.app.incidents;

import dev.firebreak.app.fx.StyleClasses;
import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.api.IncidentSeverity;
import dev.firebreak.agent.api.IncidentState;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

import java.util.function.Consumer;

/**
 * The incidents: one line each, coloured by severity (red critical, amber warning, grey ended);
 * the selected one opens below into its evidence, actions and timeline, with Acknowledge.
 */
public final class IncidentsView extends SplitPane {

    /**
     * @param unavailable why actions are unavailable now, or {@code null}
     * @param acknowledge asks for a reason and acknowledges the incident, through the confirmation flow
     */
    public IncidentsView(IncidentsViewModel model, ObservableValue<String> unavailable, Consumer<Incident> acknowledge) {
        ListView<Incident> list = new ListView<>(model.incidents());
        list.setId("incidents-list");
        list.setPlaceholder(new Label("No incidents"));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Incident i, boolean empty) {
                super.updateItem(i, empty);
                setText(empty || i == null ? null : IncidentsViewModel.line(i));
                StyleClasses.choose(this, c -> c.startsWith("incident-"), empty || i == null ? null : !i.live() ? "incident-ended"
                        : i.severity() == IncidentSeverity.CRITICAL ? "incident-critical" : "incident-warning");
                if (!empty && i != null) {
                    setStyle(!i.live() ? "-fx-text-fill: #8a8a8a;"
                            : i.severity() == IncidentSeverity.CRITICAL ? "-fx-text-fill: #ff5c5c;" : "-fx-text-fill: #ffb020;");
                } else {
                    setStyle(null);
                }
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                model.opened().set(now);
            }
        });
        ListView<String> details = new ListView<>();
        details.setId("incident-details");
        details.setPlaceholder(new Label("Select an incident to see its evidence and timeline"));
        model.opened().addListener((o, was, now) -> details.getItems().setAll(now == null ? java.util.List.of()
                : IncidentsViewModel.details(now)));
        Button ack = new Button("Acknowledge...");
        ack.setId("incident-acknowledge");
        ack.disableProperty().bind(Bindings.createBooleanBinding(() -> unavailable.getValue() != null || model.opened().get() == null
                || model.opened().get().state() != IncidentState.OPEN, unavailable, model.opened()));
        Tooltip why = new Tooltip();
        why.textProperty().bind(Bindings.createStringBinding(() -> unavailable.getValue() == null ? "Say you are on it, with a reason"
                : unavailable.getValue(), unavailable));
        ack.setTooltip(why);
        ack.setOnAction(e -> acknowledge.accept(model.opened().get()));
        BorderPane detail = new BorderPane(details);
        detail.setTop(new HBox(8, ack));
        getItems().addAll(list, detail);
        setOrientation(Orientation.VERTICAL);
        setId("incidents-view");
    }
}
