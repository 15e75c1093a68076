package dev.firebreak.app.figures;

import dev.firebreak.agent.api.NodeKind;

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
 * @param kind the engine the node runs
 * @param unavailable why some of its figures are "n/a" (its engine does not give them), {@code null} when all are known
 */
public record NodeFigures(String id, String url, NodeHealth reachability, NodeState state, long kvUsed, long kvTotal,
                          int running, int waiting, double requestsPerSecond, DrainProgress drain, FaultSettings faults,
                          Health health, String alert, java.util.List<NodeModel> models, NodeKind kind, String unavailable) {

    public NodeFigures {
        models = java.util.List.copyOf(models);
        kind = kind == null ? NodeKind.FIREBREAK : kind;
    }

    /** A Firebreak node, every figure known. */
    public NodeFigures(String id, String url, NodeHealth reachability, NodeState state, long kvUsed, long kvTotal,
                       int running, int waiting, double requestsPerSecond, DrainProgress drain, FaultSettings faults,
                       Health health, String alert, java.util.List<NodeModel> models) {
        this(id, url, reachability, state, kvUsed, kvTotal, running, waiting, requestsPerSecond, drain, faults, health, alert,
                models, NodeKind.FIREBREAK, null);
    }

    /** True when the node's engine gives no KV figures: its KV shows "n/a", not 0. */
    public boolean kvUnknown() {
        return kvTotal == 0 && unavailable != null;
    }

    /** The figures of {@code model} on this node, or {@code null} if it does not serve it. */
    public NodeModel model(String model) {
        return models.stream().filter(m -> m.model().equals(model)).findFirst().orElse(null);
    }

    /** The share of its KV blocks in use; NaN when its engine gives none ({@link #kvUnknown()}). */
    public double kvUsage() {
        return kvUnknown() ? Double.NaN : kvTotal == 0 ? 0 : (double) kvUsed / kvTotal;
    }
}
