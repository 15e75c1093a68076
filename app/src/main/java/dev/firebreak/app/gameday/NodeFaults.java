package dev.firebreak.app.gameday;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.app.figures.NodeFigures;
import dev.firebreak.node.api.FaultSettings;

/**
 * One node's row of the game-day panel: its faults as it reports them.
 *
 * @param up          whether it answers; faults can be switched only on a node that does
 * @param unavailable why this node's engine cannot inject faults, or {@code null} when it can
 */
public record NodeFaults(String id, String url, boolean up, FaultSettings faults, String unavailable) {

    /** A Firebreak node's row. */
    public NodeFaults(String id, String url, boolean up, FaultSettings faults) {
        this(id, url, up, faults, null);
    }

    static NodeFaults of(NodeFigures node) {
        String unavailable = node.kind() == NodeKind.FIREBREAK ? null : "fault injection is a Firebreak node's "
                + "(its /control/faults); a " + node.kind().id() + " engine has none";
        return new NodeFaults(node.id(), node.url(), node.reachability() == NodeHealth.UP, node.faults(), unavailable);
    }

    /** Whether its faults can be switched now: it answers and its engine injects faults. */
    public boolean switchable() {
        return up && unavailable == null;
    }

    public boolean isOn(Fault fault) {
        return fault.isOn(faults);
    }
}
