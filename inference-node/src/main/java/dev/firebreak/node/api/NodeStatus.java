package dev.firebreak.node.api;

import java.util.List;

/**
 * One snapshot of a node, the body of {@code GET /control/status}. Times are epoch milliseconds.
 *
 * @param drain progress of the current drain, or {@code null} while serving
 * @param faults the faults this node is injecting ({@link FaultSettings#NONE} when healthy)
 */
public record NodeStatus(
        String nodeId,
        NodeState state,
        long startedAtMillis,
        long observedAtMillis,
        long uptimeMillis,
        JvmHeap heap,
        DrainProgress drain,
        FaultSettings faults,
        List<ModelStatus> models) {

    public NodeStatus {
        models = List.copyOf(models);
    }
}
