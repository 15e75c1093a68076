package dev.firebreak.app.incidents;

import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.api.IncidentEntry;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;

/**
 * The incidents, live ones first and the newest first, how many are live, and the one opened for
 * its timeline and evidence. FX thread only.
 */
public final class IncidentsViewModel {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    static final Comparator<Incident> ORDER = Comparator.comparing((Incident i) -> !i.live())
            .thenComparing(Incident::startedAtMillis, Comparator.reverseOrder());

    private final ObservableList<Incident> incidents = FXCollections.observableArrayList();
    private final IntegerProperty live = new SimpleIntegerProperty();
    private final ObjectProperty<Incident> opened = new SimpleObjectProperty<>();

    /** Shows {@code all} in order; the same incidents again change nothing. */
    public void apply(List<Incident> all) {
        List<Incident> ordered = all.stream().sorted(ORDER).toList();
        if (!ordered.equals(incidents)) {
            incidents.setAll(ordered);
        }
        live.set((int) ordered.stream().filter(Incident::live).count());
        Incident open = opened.get();
        if (open != null) {
            opened.set(ordered.stream().filter(i -> i.id().equals(open.id())).findFirst().orElse(null));
        }
    }

    public ObservableList<Incident> incidents() {
        return incidents;
    }

    /** How many incidents are open or acknowledged: the count always in sight. */
    public IntegerProperty liveCount() {
        return live;
    }

    /** The incident expanded into its timeline and evidence, or {@code null}. */
    public ObjectProperty<Incident> opened() {
        return opened;
    }

    /** The one line an incident shows folded. */
    public static String line(Incident i) {
        String when = CLOCK.format(Instant.ofEpochMilli(i.startedAtMillis()));
        String end = i.endedAtMillis() == null ? "" : " - ended " + CLOCK.format(Instant.ofEpochMilli(i.endedAtMillis()));
        String ack = i.acknowledgedBy() == null ? "" : " (acknowledged by " + i.acknowledgedBy() + ")";
        return i.severity() + "  " + i.state() + "  " + when + "  " + i.title() + ack + end;
    }

    /** The opened incident's details: evidence, actions taken, then its timeline, one line each. */
    public static List<String> details(Incident i) {
        java.util.ArrayList<String> lines = new java.util.ArrayList<>();
        i.evidence().forEach(e -> lines.add("evidence: " + e));
        i.actions().forEach(a -> lines.add("action: " + a));
        for (IncidentEntry e : i.timeline()) {
            lines.add(CLOCK.format(Instant.ofEpochMilli(e.eventAtMillis())) + "  " + e.type() + "  " + e.message());
        }
        return lines;
    }

    /**
     * The raw timeline filtered by an incident: the cluster events about its node (or, for an
     * incident of models alone, naming one of its models) while it lasted (from its start, to its
     * end if it ended).
     */
    public static List<ClusterEvent> eventsOf(Incident i, List<ClusterEvent> events) {
        long end = i.endedAtMillis() == null ? Long.MAX_VALUE : i.endedAtMillis();
        return events.stream().filter(e -> e.atMillis() >= i.startedAtMillis() && e.atMillis() <= end)
                .filter(e -> i.node() != null ? i.node().equals(e.nodeId())
                        : i.models().stream().anyMatch(m -> e.message() != null && e.message().contains(m)))
                .toList();
    }
}
