package dev.firebreak.agent.alerting;

import java.util.Map;

/**
 * A problem the agent reports to Alertmanager while it lasts: its identity, Alertmanager labels
 * ({@code alertname}, {@code severity}, {@code node}, {@code model}, ...), words for a person, and
 * when it started.
 *
 * @param key the problem's identity from one update to the next
 */
public record OpenProblem(String key, Map<String, String> labels, String summary, String evidence, long startMillis) {

    public OpenProblem {
        labels = Map.copyOf(labels);
        if (!labels.containsKey("alertname")) {
            throw new IllegalArgumentException("an alert needs an alertname label: " + key);
        }
    }
}
