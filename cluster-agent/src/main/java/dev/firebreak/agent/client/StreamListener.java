package dev.firebreak.agent.client;

import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.Incident;

import java.util.function.Consumer;

/** Receives what an agent's stream delivers, on the client's own threads (never the UI thread). */
public interface StreamListener {

    /** The stream is open; snapshots follow within a second. */
    void onConnected();

    void onSnapshot(ClusterSnapshot snapshot);

    void onEvent(ClusterEvent event);

    /** An incident started or changed (the stream's {@code incident} events); ignored unless a listener wants them. */
    default void onIncident(Incident incident) {
    }

    /** The stream broke or could not open; the client is already trying again. */
    void onDisconnected(String reason);

    /** A listener that hands snapshots and events on and ignores the connection coming and going. */
    static StreamListener of(Consumer<ClusterSnapshot> snapshots, Consumer<ClusterEvent> events) {
        return new StreamListener() {
            @Override
            public void onConnected() {
            }

            @Override
            public void onSnapshot(ClusterSnapshot snapshot) {
                snapshots.accept(snapshot);
            }

            @Override
            public void onEvent(ClusterEvent event) {
                events.accept(event);
            }

            @Override
            public void onDisconnected(String reason) {
            }
        };
    }
}
