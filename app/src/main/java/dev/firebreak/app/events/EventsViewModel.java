package dev.firebreak.app.events;

import dev.firebreak.agent.api.Incident;
import dev.firebreak.app.incidents.IncidentsViewModel;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import dev.firebreak.agent.api.Alert;
import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.ClusterSnapshot;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;

/**
 * The event timeline's lines, newest first, and the notifications: each new detector alert and
 * each node-down, once (breaker moves are on the tiles and the timeline, not announced). FX thread only.
 */
public final class EventsViewModel {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final ObservableList<String> lines = FXCollections.observableArrayList();
    private final AlertWatch watch = new AlertWatch();
    private final Consumer<String> notify;
    private final ObjectProperty<Incident> scope = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Events");
    private List<ClusterEvent> events = List.of();

    /** @param notify shows a notification */
    public EventsViewModel(Consumer<String> notify) {
        this.notify = notify;
        scope.subscribe(incident -> {
            title.set(incident == null ? "Events" : "Events of: " + incident.title());
            show();
        });
    }

    /** Announces the alerts of {@code snapshot} not seen before. */
    public void apply(ClusterSnapshot snapshot) {
        watch.newAlerts(snapshot.alerts()).forEach(a -> notify.accept(describe(a)));
    }

    /** Shows {@code events} (oldest first, as kept), newest at the top, and announces new node-downs. */
    public void apply(List<ClusterEvent> events) {
        this.events = events;
        show();
        watch.newNodeDowns(events).forEach(e -> notify.accept(e.message()));
    }

    private void show() {
        Incident incident = scope.get();
        List<ClusterEvent> shown = incident == null ? events : IncidentsViewModel.eventsOf(incident, events);
        List<String> formatted = shown.reversed().stream().map(EventsViewModel::format).toList();
        if (!formatted.equals(lines)) {
            lines.setAll(formatted);
        }
    }

    /** The incident the timeline is filtered by, or {@code null} for every event. */
    public ObjectProperty<Incident> scopeProperty() {
        return scope;
    }

    /** "Events", or "Events of: <the incident's title>" while filtered. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ObservableList<String> lines() {
        return lines;
    }

    static String format(ClusterEvent e) {
        return CLOCK.format(Instant.ofEpochMilli(e.atMillis())) + "  " + e.type() + "  " + e.message();
    }

    static String describe(Alert a) {
        return a.kind() + (a.node() == null ? "" : " on " + a.node()) + (a.model() == null ? "" : " (" + a.model() + ")")
                + ": " + a.evidence();
    }
}
