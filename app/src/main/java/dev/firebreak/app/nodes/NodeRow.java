package dev.firebreak.app.nodes;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.app.figures.NodeFigures;
import dev.firebreak.app.figures.NodeModel;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.api.NodeState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One line of the node table, computed from a node's view and figures at snapshot time. */
public record NodeRow(String id, NodeHealth health, NodeState state, long uptimeMillis, long heapUsedBytes, long heapMaxBytes,
                      String lastError, NodeFigures figures) {

    static NodeRow of(NodeView view, NodeFigures figures) {
        var status = view.status();
        if (status == null) {
            return new NodeRow(view.id(), view.health(), null, 0, 0, 0, view.lastError(), figures);
        }
        // -1: the node's engine does not give the figure (not a JVM, no start time), shown "n/a".
        return new NodeRow(view.id(), view.health(), status.state(), status.uptimeMillis() == null ? -1 : status.uptimeMillis(),
                status.heap() == null ? -1 : status.heap().usedBytes(), status.heap() == null ? -1 : status.heap().maxBytes(),
                view.lastError(), figures);
    }

    /** The engine the node runs: firebreak, vllm, llamacpp, sglang or openai. */
    public String kindText() {
        return figures.kind().id();
    }

    /** The figures shown n/a and why, for the row's tooltip; empty when all are known. */
    public String unavailableText() {
        return figures.unavailable() == null ? "" : figures.unavailable();
    }

    public String models() {
        return String.join(", ", figures.models().stream().map(NodeModel::model).toList());
    }

    /** "SERVING", "DRAINING: 3 sequences, 40 KV blocks left"; for a node not answering, its last known state. */
    public String stateText() {
        if (state == null) {
            return "—";
        }
        if (health != NodeHealth.UP) {
            return "last seen " + state.name();
        }
        var drain = figures.drain();
        if (state == NodeState.DRAINING && drain != null) {
            return String.format(Locale.ROOT, "DRAINING: %d seq, %s blocks left", drain.sequencesLeft(),
                    drain.kvBlocksLeft() == null ? "n/a" : drain.kvBlocksLeft().toString());
        }
        return state.name();
    }

    /** Uptime of a node that answers; "—" for one that does not, whose uptime is unknown. */
    public String uptimeText() {
        if (state == null || health != NodeHealth.UP) {
            return "—";
        }
        if (uptimeMillis < 0) {
            return "n/a";
        }
        long s = uptimeMillis / 1000;
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    public String heapText() {
        if (heapMaxBytes < 0 && health == NodeHealth.UP) {
            return "n/a";
        }
        return heapMaxBytes <= 0 || health != NodeHealth.UP ? "—" : String.format("%d / %d MiB", heapUsedBytes >> 20, heapMaxBytes >> 20);
    }

    /** The faults a game day set on the node, e.g. "leak 4/req, +200 ms"; empty when none. */
    public String faultsText() {
        FaultSettings f = figures.faults();
        if (f == null || !f.any()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        if (f.leakBlocksPerRequest() > 0) {
            parts.add("leak " + f.leakBlocksPerRequest() + "/req");
        }
        if (f.addedLatencyMillis() > 0) {
            parts.add("+" + f.addedLatencyMillis() + " ms");
        }
        if (f.errorRate() > 0) {
            parts.add(Math.round(f.errorRate() * 100) + "% errors");
        }
        if (f.truncateRate() > 0) {
            parts.add(Math.round(f.truncateRate() * 100) + "% truncated");
        }
        if (f.stallSeconds() > 0) {
            parts.add("stall " + f.stallSeconds() + " s");
        }
        return String.join(", ", parts);
    }
}
