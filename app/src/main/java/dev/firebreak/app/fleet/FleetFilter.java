package dev.firebreak.app.fleet;

import dev.firebreak.agent.api.BreakerState;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.Health;
import dev.firebreak.app.figures.ModelFigures;
import dev.firebreak.app.figures.NodeFigures;
import dev.firebreak.app.figures.NodeModel;

import java.util.List;
import java.util.Locale;

/**
 * What an operator narrows a large fleet to: only trouble (a node or model that is not healthy:
 * a finding, an open breaker, a crowded KV cache, down), a model and a node by part of the name.
 * A node is kept when it serves a model that matches; a model when some node that matches serves it.
 *
 * @param model part of a model's name, case ignored; empty for any
 * @param node  part of a node's name, case ignored; empty for any
 */
public record FleetFilter(boolean onlyTrouble, String model, String node) {

    public static final FleetFilter NONE = new FleetFilter(false, "", "");

    public FleetFilter {
        model = model == null ? "" : model.strip().toLowerCase(Locale.ROOT);
        node = node == null ? "" : node.strip().toLowerCase(Locale.ROOT);
    }

    public boolean isNone() {
        return !onlyTrouble && model.isEmpty() && node.isEmpty();
    }

    /** The figures with only the nodes and models this filter keeps; the trends are the cluster's, untouched. */
    public ClusterFigures apply(ClusterFigures figures) {
        if (isNone()) {
            return figures;
        }
        List<NodeFigures> nodes = figures.nodes().stream().filter(this::keeps).toList();
        List<ModelFigures> models = figures.models().stream().filter(m -> keeps(m, figures.nodes())).toList();
        return new ClusterFigures(models, nodes, figures.trendScope(), figures.trends(), figures.kvThreshold());
    }

    /** Whether a breaker of the gateway is shown: trouble is a breaker not closed. */
    public boolean keeps(BreakerView b) {
        return (!onlyTrouble || b.state() != BreakerState.CLOSED) && matches(b.model(), model) && matches(b.nodeId(), node);
    }

    private boolean keeps(NodeFigures n) {
        return (!onlyTrouble || n.health() != Health.HEALTHY)
                && matches(n.id(), node)
                && (model.isEmpty() || n.models().stream().map(NodeModel::model).anyMatch(m -> matches(m, model)));
    }

    private boolean keeps(ModelFigures m, List<NodeFigures> all) {
        return (!onlyTrouble || m.health() != Health.HEALTHY)
                && matches(m.model(), model)
                && (node.isEmpty() || all.stream().filter(n -> matches(n.id(), node))
                .anyMatch(n -> n.models().stream().anyMatch(s -> s.model().equals(m.model()))));
    }

    private static boolean matches(String name, String part) {
        return part.isEmpty() || name.toLowerCase(Locale.ROOT).contains(part);
    }
}
