package dev.firebreak.app.connection;

import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.Principal;
import dev.firebreak.agent.api.Role;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the console shows, as one immutable value handed to the FX thread.
 *
 * @param snapshot the last snapshot received, or {@code null} before the first
 * @param receivedAtMillis when {@code snapshot} arrived, by this machine's clock
 * @param principal who the console's token belongs to, or {@code null} until known
 * @param events the most recent cluster events, oldest first
 */
public record ConsoleState(Link link, boolean localCluster, ClusterSnapshot snapshot, long receivedAtMillis,
                           Principal principal, List<ClusterEvent> events) {

    /** Events kept for the timeline. */
    static final int EVENTS_KEPT = 200;

    public ConsoleState {
        events = events == null ? List.of() : List.copyOf(events);
    }

    public ConsoleState(Link link, boolean localCluster, ClusterSnapshot snapshot, long receivedAtMillis, Principal principal) {
        this(link, localCluster, snapshot, receivedAtMillis, principal, List.of());
    }

    ConsoleState withLink(Link newLink) {
        return new ConsoleState(newLink, localCluster, snapshot, receivedAtMillis, principal, events);
    }

    ConsoleState withSnapshot(ClusterSnapshot newSnapshot, long atMillis) {
        return new ConsoleState(link, localCluster, newSnapshot, atMillis, principal, events);
    }

    ConsoleState withPrincipal(Principal who) {
        return new ConsoleState(link, localCluster, snapshot, receivedAtMillis, who, events);
    }

    ConsoleState withEvent(ClusterEvent event) {
        List<ClusterEvent> kept = new ArrayList<>(events.subList(Math.max(0, events.size() - EVENTS_KEPT + 1), events.size()));
        kept.add(event);
        return new ConsoleState(link, localCluster, snapshot, receivedAtMillis, principal, kept);
    }

    /** Why actions are unavailable now, or {@code null} when the operator may act. */
    public String actionsUnavailable() {
        if (!(link instanceof Link.Connected)) {
            return "not connected to the agent";
        }
        if (principal == null) {
            return "checking this token's role...";
        }
        if (principal.role() != Role.OPERATOR) {
            return principal.name() + " has a viewer token: actions need an operator token";
        }
        return null;
    }
}
