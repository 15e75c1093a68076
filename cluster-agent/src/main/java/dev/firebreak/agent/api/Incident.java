package dev.firebreak.agent.api;

import java.util.List;

/**
 * Findings, breaker changes and node state changes about one node that overlap in time, grouped.
 *
 * @param id stable across restarts, e.g. {@code inc-1764756000000-node-2}
 * @param models the models concerned, as far as the events named them
 * @param evidence the figures that raised it, one line each, oldest first
 * @param actions what was done about it: the router's own moves (breakers) and the operators' actions
 * @param endedAtMillis when it ended, or {@code null} while it lasts
 * @param acknowledgedBy who acknowledged it, or {@code null}
 * @param acknowledgedAtMillis when, or {@code null}
 */
public record Incident(String id, IncidentSeverity severity, IncidentState state, String title, String node,
                       List<String> models, long startedAtMillis, Long endedAtMillis, List<IncidentEntry> timeline,
                       List<String> evidence, List<String> actions, String acknowledgedBy, Long acknowledgedAtMillis) {

    public Incident {
        models = List.copyOf(models);
        timeline = List.copyOf(timeline);
        evidence = List.copyOf(evidence);
        actions = List.copyOf(actions);
    }

    /** Not yet resolved: open or acknowledged. */
    public boolean live() {
        return state != IncidentState.RESOLVED;
    }
}
