package dev.firebreak.app.connection;

import dev.firebreak.agent.api.ClusterSnapshot;

/**
 * Everything the console shows, as one immutable value handed to the FX thread.
 *
 * @param snapshot the last snapshot received, or {@code null} before the first
 * @param receivedAtMillis when {@code snapshot} arrived, by this machine's clock
 */
public record ConsoleState(Link link, boolean localCluster, ClusterSnapshot snapshot, long receivedAtMillis) {

    ConsoleState withLink(Link newLink) {
        return new ConsoleState(newLink, localCluster, snapshot, receivedAtMillis);
    }

    ConsoleState withSnapshot(ClusterSnapshot newSnapshot, long atMillis) {
        return new ConsoleState(link, localCluster, newSnapshot, atMillis);
    }
}
