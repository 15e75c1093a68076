package dev.firebreak.app.figures;

import java.util.List;

/**
 * What the dashboards show of one cluster at one instant, computed off the FX thread.
 *
 * @param trendScope the node the trends are restricted to, or {@code null} for the whole cluster
 */
public record ClusterFigures(List<ModelFigures> models, List<NodeFigures> nodes, String trendScope, List<Trend> trends) {

    public static final ClusterFigures EMPTY = new ClusterFigures(List.of(), List.of(), null, List.of());

    public ClusterFigures {
        models = List.copyOf(models);
        nodes = List.copyOf(nodes);
        trends = List.copyOf(trends);
    }
}
