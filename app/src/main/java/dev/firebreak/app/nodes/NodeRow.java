package dev.firebreak.app.nodes;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.node.api.ModelStatus;
import dev.firebreak.node.api.NodeState;

import java.util.stream.Collectors;

/** One line of the node table, computed from a node's view at snapshot time. */
public record NodeRow(String id, NodeHealth health, NodeState state, long uptimeMillis, String models,
                      long heapUsedBytes, long heapMaxBytes, String lastError) {

    static NodeRow of(NodeView view) {
        var status = view.status();
        if (status == null) {
            return new NodeRow(view.id(), view.health(), null, 0, "", 0, 0, view.lastError());
        }
        return new NodeRow(view.id(), view.health(), status.state(), status.uptimeMillis(),
                status.models().stream().map(ModelStatus::model).collect(Collectors.joining(", ")),
                status.heap().usedBytes(), status.heap().maxBytes(), view.lastError());
    }

    /** "SERVING"; for a node not answering, its last known state; "—" when it never answered. */
    String stateText() {
        if (state == null) {
            return "—";
        }
        return health == NodeHealth.UP ? state.name() : "last seen " + state.name();
    }

    /** Uptime of a node that answers; "—" for one that does not, whose uptime is unknown. */
    String uptimeText() {
        if (state == null || health != NodeHealth.UP) {
            return "—";
        }
        long s = uptimeMillis / 1000;
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    String heapText() {
        return heapMaxBytes == 0 || health != NodeHealth.UP ? "—" : String.format("%d / %d MiB", heapUsedBytes >> 20, heapMaxBytes >> 20);
    }
}
