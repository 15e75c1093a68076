package dev.firebreak.app.events;

import dev.firebreak.agent.api.ClusterEvent;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The event timeline: node down, breaker opened, leak suspected, action applied, with the evidence; newest first. */
public final class EventsView extends ListView<String> {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final ObservableList<String> lines = FXCollections.observableArrayList();

    public EventsView() {
        setId("event-timeline");
        setItems(lines);
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

    /** Shows {@code events} (oldest first, as kept), newest at the top. FX thread only. */
    public void show(List<ClusterEvent> events) {
        List<String> formatted = events.reversed().stream().map(EventsView::format).toList();
        if (!formatted.equals(lines)) {
            lines.setAll(formatted);
        }
    }

    static String format(ClusterEvent e) {
        return CLOCK.format(Instant.ofEpochMilli(e.atMillis())) + "  " + e.type() + "  " + e.message();
    }
}
