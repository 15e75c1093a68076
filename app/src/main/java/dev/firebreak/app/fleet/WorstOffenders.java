package dev.firebreak.app.fleet;

import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.api.IncidentState;
import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.Health;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What stays on screen whatever the filter and the tab: how many incidents are open, and the
 * worst nodes and models, worst first (down, then breaker open, then degraded), by name within one.
 */
public record WorstOffenders(int openIncidents, List<String> worst, int troubled) {

    /** Names shown; the rest are counted. */
    static final int SHOWN = 4;

    public WorstOffenders {
        worst = List.copyOf(worst);
    }

    public static WorstOffenders of(ClusterFigures figures, List<Incident> incidents) {
        record Offender(String name, Health health) {
        }
        List<Offender> all = new ArrayList<>();
        figures.nodes().stream().filter(n -> n.health() != Health.HEALTHY).forEach(n -> all.add(new Offender(n.id(), n.health())));
        figures.models().stream().filter(m -> m.health() != Health.HEALTHY)
                .forEach(m -> all.add(new Offender(m.model(), m.health())));
        all.sort(Comparator.comparing(Offender::health).reversed().thenComparing(Offender::name));
        int open = (int) incidents.stream().filter(i -> i.state() != IncidentState.RESOLVED).count();
        return new WorstOffenders(open, all.stream().limit(SHOWN)
                .map(o -> o.name() + " " + words(o.health())).toList(), all.size());
    }

    private static String words(Health health) {
        return switch (health) {
            case DOWN -> "down";
            case OPEN -> "breaker open";
            case DEGRADED -> "degraded";
            case HEALTHY -> "healthy";
        };
    }

    /** "2 open incidents", "no open incident". */
    public String incidentsText() {
        return openIncidents == 0 ? "no open incident" : openIncidents + " open incident" + (openIncidents == 1 ? "" : "s");
    }

    /** "Worst: node-7 down · chat breaker open (+3 more)", or "All healthy". */
    public String worstText() {
        if (worst.isEmpty()) {
            return "All healthy";
        }
        String more = troubled > worst.size() ? String.format(Locale.ROOT, " (+%d more)", troubled - worst.size()) : "";
        return "Worst: " + String.join(" · ", worst) + more;
    }
}
