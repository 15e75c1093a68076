package dev.firebreak.agent.api;

import java.util.List;

/** A model's indicators over the SLO window, and the same per node that served it. */
public record ModelSlo(String model, SloIndicator availability, SloIndicator latency, List<NodeSlo> nodes) {

    public ModelSlo {
        nodes = List.copyOf(nodes);
    }

    /** One node's share of a model's traffic, judged against the model's objectives. */
    public record NodeSlo(String node, SloIndicator availability, SloIndicator latency) {
    }
}
