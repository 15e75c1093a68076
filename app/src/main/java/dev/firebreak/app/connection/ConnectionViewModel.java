package dev.firebreak.app.connection;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** What the connection banner says, as JavaFX properties. FX thread only. */
public final class ConnectionViewModel {

    /** How the banner looks: only trouble is coloured. */
    public enum Severity { INFO, OK, WARNING, DANGER }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty detail = new SimpleStringProperty("");
    private final ObjectProperty<Severity> severity = new SimpleObjectProperty<>(Severity.INFO);
    private final BooleanProperty stale = new SimpleBooleanProperty(true);
    private final StringProperty clusterName = new SimpleStringProperty("");
    private final StringProperty actionsUnavailable = new SimpleStringProperty("not connected to the agent");
    private ConsoleState state;

    /** Shows {@code newState}; {@code nowMillis} is used for ages. */
    public void apply(ConsoleState newState, long nowMillis) {
        this.state = newState;
        tick(nowMillis);
    }

    /** Refreshes the ages the banner shows; called every second. */
    public void tick(long nowMillis) {
        if (state == null) {
            return;
        }
        if (state.snapshot() != null) {
            clusterName.set(state.snapshot().cluster());
        }
        actionsUnavailable.set(state.actionsUnavailable());
        switch (state.link()) {
            case Link.StartingLocalCluster starting -> show(Severity.INFO,
                    "Starting a local cluster: " + starting.nodes() + " nodes and an agent...", "", true);
            case Link.Connecting connecting -> show(Severity.INFO, "Connecting to " + connecting.agentUrl() + "...",
                    "", true);
            case Link.Connected connected -> show(Severity.OK, "Connected to " + connected.agentUrl() + connected.replicaLabel()
                    + (state.localCluster() ? " (local cluster)" : ""), freshness(nowMillis), state.snapshot() == null);
            case Link.Disconnected down -> show(Severity.DANGER, "Agent unreachable for "
                    + seconds(nowMillis - down.sinceMillis()) + ": " + down.reason() + ". Reconnecting...",
                    staleness(nowMillis), true);
            case Link.Failed failed -> show(Severity.DANGER, failed.reason(), "", true);
        }
    }

    private String freshness(long nowMillis) {
        return state.snapshot() == null ? "waiting for the first snapshot"
                : "updated " + CLOCK.format(Instant.ofEpochMilli(state.receivedAtMillis()));
    }

    private String staleness(long nowMillis) {
        return state.snapshot() == null ? "no figures yet"
                : "figures below are " + seconds(nowMillis - state.receivedAtMillis()) + " old (from "
                + CLOCK.format(Instant.ofEpochMilli(state.receivedAtMillis())) + ")";
    }

    private void show(Severity newSeverity, String newMessage, String newDetail, boolean isStale) {
        severity.set(newSeverity);
        message.set(newMessage);
        detail.set(newDetail);
        stale.set(isStale);
    }

    static String seconds(long millis) {
        long s = Math.max(0, millis) / 1000;
        return s < 120 ? s + " s" : (s / 60) + " min";
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty detailProperty() {
        return detail;
    }

    public ObjectProperty<Severity> severityProperty() {
        return severity;
    }

    /** True while the figures on screen are not live. */
    public BooleanProperty staleProperty() {
        return stale;
    }

    /** Why actions are disabled now, or null when the operator may act. */
    public StringProperty actionsUnavailableProperty() {
        return actionsUnavailable;
    }

    /** The state last shown, or null before the first. */
    public ConsoleState state() {
        return state;
    }

    public StringProperty clusterNameProperty() {
        return clusterName;
    }
}
