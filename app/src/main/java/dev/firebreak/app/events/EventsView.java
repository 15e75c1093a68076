package dev.firebreak.app.events;

import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;

/** The event timeline: node down, breaker opened, leak suspected, action applied, with the evidence; newest first. */
public final class EventsView extends ListView<String> {

    public EventsView(EventsViewModel model) {
        setId("event-timeline");
        setItems(model.lines());
        setPlaceholder(new Label("No events yet"));
        // Whole lines, wrapped: the evidence is the point of an event.
        setCellFactory(list -> new ListCell<>() {
            {
                getStyleClass().add("event-line");
                prefWidthProperty().bind(list.widthProperty().subtract(20));
                setMaxWidth(USE_PREF_SIZE);
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
            }
        });
    }
}
