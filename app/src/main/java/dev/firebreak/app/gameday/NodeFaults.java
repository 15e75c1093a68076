package dev.firebreak.app.gameday;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.app.figures.NodeFigures;
import dev.firebreak.node.api.FaultSettings;

/**
 * One node's row of the game-day panel: its faults as it reports them.
 *
 * @param up whether it answers; faults can be switched only on a node that does
 */
public record NodeFaults(String id, String url, boolean up, FaultSettings faults) {

    static NodeFaults of(NodeFigures node) {
        return new NodeFaults(node.id(), node.url(), node.reachability() == NodeHealth.UP, node.faults());
    }

    public boolean isOn(Fault fault) {
        return fault.isOn(faults);
    }
}
