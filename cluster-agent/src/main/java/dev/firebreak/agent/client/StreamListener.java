package dev.firebreak.agent.client;

import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.ClusterSnapshot;

/** Receives what an agent's stream delivers, on the client's own threads (never the UI thread). */
public interface StreamListener {

    /** The stream is open; snapshots follow within a second. */
    void onConnected();

    void onSnapshot(ClusterSnapshot snapshot);

    void onEvent(ClusterEvent event);

    /** The stream broke or could not open; the client is already trying again. */
    void onDisconnected(String reason);
}
