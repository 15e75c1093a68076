package dev.firebreak.app.connection;

import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.Principal;
import dev.firebreak.agent.api.Role;

/**
 * Everything the console shows, as one immutable value handed to the FX thread.
 *
 * @param snapshot the last snapshot received, or {@code null} before the first
 * @param receivedAtMillis when {@code snapshot} arrived, by this machine's clock
 * @param principal who the console's token belongs to, or {@code null} until known
 */
public record ConsoleState(Link link, boolean localCluster, ClusterSnapshot snapshot, long receivedAtMillis,
                           Principal principal) {

    ConsoleState withLink(Link newLink) {
        return new ConsoleState(newLink, localCluster, snapshot, receivedAtMillis, principal);
    }

    ConsoleState withSnapshot(ClusterSnapshot newSnapshot, long atMillis) {
        return new ConsoleState(link, localCluster, newSnapshot, atMillis, principal);
    }

    ConsoleState withPrincipal(Principal who) {
        return new ConsoleState(link, localCluster, snapshot, receivedAtMillis, who);
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
