package dev.firebreak.agent.alerting;

import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.api.IncidentEntry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place that turns the agent's live incidents into alerts: one alert per incident, named
 * after what raised it ({@code kv-leak} gives {@code FirebreakKvLeak}, the style of the shipped
 * Prometheus rules), labelled with its severity, node and models, its evidence as an annotation.
 */
public final class IncidentProblems {

    private IncidentProblems() {
    }

    public static List<OpenProblem> of(String cluster, List<Incident> live) {
        return live.stream().filter(Incident::live).map(i -> {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("alertname", alertname(i.timeline().isEmpty() ? "incident" : raisedBy(i.timeline().getFirst())));
            labels.put("severity", i.severity().name().toLowerCase(Locale.ROOT));
            labels.put("cluster", cluster);
            labels.put("node", i.node() == null ? "" : i.node());
            labels.put("model", String.join(",", i.models()));
            labels.put("incident", i.id());
            return new OpenProblem(i.id(), labels, i.title(), String.join("\n", i.evidence()), i.startedAtMillis());
        }).toList();
    }

    /** A breaker event's type says only "breaker": the incident it started is about a breaker opening. */
    private static String raisedBy(IncidentEntry first) {
        return first.type().equals("breaker") ? "breaker-open" : first.type();
    }

    /** {@code kv-leak} becomes {@code FirebreakKvLeak}. */
    static String alertname(String kind) {
        StringBuilder name = new StringBuilder("Firebreak");
        for (String part : kind.split("-")) {
            if (!part.isEmpty()) {
                name.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return name.toString();
    }
}
