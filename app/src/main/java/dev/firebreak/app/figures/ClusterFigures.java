package dev.firebreak.app.figures;

import java.util.List;

/**
 * What the dashboards show of one cluster at one instant, computed off the FX thread.
 *
 * @param trendScope the node the trends are restricted to, or {@code null} for the whole cluster
 * @param kvThreshold the gateway's KV threshold the snapshot carried
 */
public record ClusterFigures(List<ModelFigures> models, List<NodeFigures> nodes, String trendScope, List<Trend> trends,
                             KvThreshold kvThreshold) {

    public static final ClusterFigures EMPTY = new ClusterFigures(List.of(), List.of(), null, List.of(), KvThreshold.UNKNOWN);

    public ClusterFigures {
        models = List.copyOf(models);
        nodes = List.copyOf(nodes);
        trends = List.copyOf(trends);
    }

    /** The figures of node {@code id}, or {@code null}. */
    public NodeFigures node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElse(null);
    }

    /** The figures of {@code model}, or {@code null}. */
    public ModelFigures model(String model) {
        return models.stream().filter(m -> m.model().equals(model)).findFirst().orElse(null);
    }
}
