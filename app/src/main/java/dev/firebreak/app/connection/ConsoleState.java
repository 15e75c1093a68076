package dev.firebreak.app.connection;

import dev.firebreak.agent.api.AuditEntry;
import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.api.KeyStatus;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.Principal;
import dev.firebreak.agent.api.Role;
import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.lab.loadgen.LoadStats;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the console shows of one cluster, as one immutable value handed to the FX thread.
 *
 * @param snapshot the last snapshot received, or {@code null} before the first
 * @param receivedAtMillis when {@code snapshot} arrived, by this machine's clock
 * @param figures the dashboards' figures computed from the snapshot and the recent history
 * @param principal who the console's token belongs to, or {@code null} until known
 * @param events the most recent cluster events, oldest first
 * @param audit the newest audit entries, newest first
 * @param traffic what the local cluster's traffic generator sees as a client, or {@code null} without one
 * @param keys the gateway's client API keys with their usage on the replica the console reads, oldest first
 */
public record ConsoleState(Link link, boolean localCluster, ClusterSnapshot snapshot, long receivedAtMillis,
                           ClusterFigures figures, Principal principal, List<ClusterEvent> events, List<AuditEntry> audit,
                           LoadStats traffic, List<Incident> incidents,
                           List<KeyStatus> keys) {

    /** Events kept for the timeline. */
    static final int EVENTS_KEPT = 200;

    public ConsoleState {
        figures = figures == null ? ClusterFigures.EMPTY : figures;
        events = events == null ? List.of() : List.copyOf(events);
        audit = audit == null ? List.of() : List.copyOf(audit);
        incidents = incidents == null ? List.of() : List.copyOf(incidents);
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** The state before anything is known. */
    public static ConsoleState initial(Link link, boolean localCluster) {
        return new ConsoleState(link, localCluster, null, 0, null, null, null, null, null, null, null);
    }

    ConsoleState withLink(Link newLink) {
        return new ConsoleState(newLink, localCluster, snapshot, receivedAtMillis, figures, principal, events, audit, traffic, incidents, keys);
    }

    public ConsoleState withSnapshot(ClusterSnapshot newSnapshot, long atMillis, ClusterFigures newFigures) {
        return new ConsoleState(link, localCluster, newSnapshot, atMillis, newFigures, principal, events, audit, traffic, incidents, keys);
    }

    public ConsoleState withPrincipal(Principal who) {
        return new ConsoleState(link, localCluster, snapshot, receivedAtMillis, figures, who, events, audit, traffic, incidents, keys);
    }

    ConsoleState withTraffic(LoadStats stats) {
        return new ConsoleState(link, localCluster, snapshot, receivedAtMillis, figures, principal, events, audit, stats, incidents, keys);
    }

    ConsoleState withAudit(List<AuditEntry> entries) {
        return new ConsoleState(link, localCluster, snapshot, receivedAtMillis, figures, principal, events, entries, traffic, incidents, keys);
    }

    ConsoleState withKeys(List<KeyStatus> newest) {
        return new ConsoleState(link, localCluster, snapshot, receivedAtMillis, figures, principal, events, audit, traffic, incidents,
                newest);
    }

    ConsoleState withIncidents(List<Incident> all) {
        return new ConsoleState(link, localCluster, snapshot, receivedAtMillis, figures, principal, events, audit, traffic, all, keys);
    }

    /** The incident as it is now, in place of what was known of it. */
    ConsoleState withIncident(Incident changed) {
        List<Incident> next = new ArrayList<>(incidents.stream().filter(i -> !i.id().equals(changed.id())).toList());
        next.add(changed);
        return withIncidents(next);
    }

    ConsoleState withEvent(ClusterEvent event) {
        List<ClusterEvent> kept = new ArrayList<>(events.subList(Math.max(0, events.size() - EVENTS_KEPT + 1), events.size()));
        kept.add(event);
        return new ConsoleState(link, localCluster, snapshot, receivedAtMillis, figures, principal, kept, audit, traffic, incidents, keys);
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
        return snapshot == null ? null : snapshot.actionsUnavailable();
    }
}
