package dev.firebreak.app.events;

import dev.firebreak.agent.api.Alert;
import dev.firebreak.agent.api.ClusterEvent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Remembers what was already announced, so each alert and node-down is notified once. */
final class AlertWatch {

    /** One alert as it was raised: the same finding raised again later is news again. */
    private record Raised(String kind, String node, String model, long sinceMillis) {
        static Raised of(Alert a) {
            return new Raised(a.kind(), a.node(), a.model(), a.sinceMillis());
        }
    }

    private final Set<Raised> seenAlerts = new HashSet<>();
    private long lastEventMillis = Long.MIN_VALUE;
    private boolean first = true;

    /** The alerts in {@code alerts} not in force at the last call. */
    List<Alert> newAlerts(List<Alert> alerts) {
        Set<Raised> now = new HashSet<>();
        List<Alert> fresh = new ArrayList<>();
        for (Alert a : alerts) {
            Raised raised = Raised.of(a);
            now.add(raised);
            if (!seenAlerts.contains(raised)) {
                fresh.add(a);
            }
        }
        seenAlerts.clear();
        seenAlerts.addAll(now);
        return fresh;
    }

    /** The node-down events newer than those seen at the last call; none from the first events, which are history. */
    List<ClusterEvent> newNodeDowns(List<ClusterEvent> events) {
        List<ClusterEvent> fresh = events.stream().filter(e -> e.atMillis() > lastEventMillis)
                .filter(e -> e.type().equals("node-down")).toList();
        if (!events.isEmpty()) {
            lastEventMillis = Math.max(lastEventMillis, events.getLast().atMillis());
        }
        // Events replayed when the console connects are history, not news.
        boolean announce = !first;
        first = events.isEmpty();
        return announce ? fresh : List.of();
    }
}
