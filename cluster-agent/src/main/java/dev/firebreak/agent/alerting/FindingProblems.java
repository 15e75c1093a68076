package dev.firebreak.agent.alerting;

import dev.firebreak.agent.api.Alert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The one place that turns what the agent holds open (for now: the detectors' findings in force) into alerts. */
public final class FindingProblems {

    private FindingProblems() {
    }

    public static List<OpenProblem> of(String cluster, List<Alert> findings) {
        return findings.stream().map(a -> {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("alertname", alertname(a.kind()));
            labels.put("severity", severity(a.kind()));
            labels.put("cluster", cluster);
            labels.put("node", a.node());
            labels.put("model", a.model());
            return new OpenProblem(a.kind() + " " + a.node() + " " + a.model(), labels,
                    a.kind() + " on " + a.node() + " (" + a.model() + ")", a.evidence(), a.sinceMillis());
        }).toList();
    }

    /** {@code kv-leak} becomes {@code FirebreakKvLeak}, the style of the shipped Prometheus rules' alerts. */
    static String alertname(String kind) {
        StringBuilder name = new StringBuilder("Firebreak");
        for (String part : kind.split("-")) {
            if (!part.isEmpty()) {
                name.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return name.toString();
    }

    /** A leak or a stall takes a node's model out and gets worse: critical; overload and gray failure: warning. */
    static String severity(String kind) {
        return kind.equals("kv-leak") || kind.equals("stall") ? "critical" : "warning";
    }
}
