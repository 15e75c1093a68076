package dev.firebreak.app.figures;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.node.api.DrainProgress;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.api.NodeState;

/**
 * One node, as its overview tile shows it.
 *
 * @param state the node's last reported state, or {@code null} if it never answered
 * @param drain how far its drain has got, or {@code null} while serving
 * @param faults the faults it injects (game days), {@link FaultSettings#NONE} when none
 */
public record NodeFigures(String id, String url, NodeHealth reachability, NodeState state, long kvUsed, long kvTotal,
                          int running, int waiting, double requestsPerSecond, DrainProgress drain, FaultSettings faults,
                          Health health, String alert, java.util.List<NodeModel> models) {

    public NodeFigures {
        models = java.util.List.copyOf(models);
    }

    /** The figures of {@code model} on this node, or {@code null} if it does not serve it. */
    public NodeModel model(String model) {
        return models.stream().filter(m -> m.model().equals(model)).findFirst().orElse(null);
    }

    public double kvUsage() {
        return kvTotal == 0 ? 0 : (double) kvUsed / kvTotal;
    }
}
