package dev.firebreak.app.actions;

import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.node.api.ModelStatus;
import dev.firebreak.node.api.NodeState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an action would do, in the figures of the current snapshot: how much work the node holds,
 * where its traffic goes, and whether the survivors have the KV headroom to take it.
 */
public final class ImpactPreview {

    /** Above this KV share after the move, the preview warns. */
    static final double CROWDED = 0.85;

    private ImpactPreview() {
    }

    /** The preview of draining {@code nodeId}. */
    public static String drain(ClusterSnapshot snapshot, String nodeId) {
        NodeView node = snapshot.nodes().stream().filter(n -> n.id().equals(nodeId)).findFirst().orElse(null);
        if (node == null || node.status() == null) {
            return "Drain " + nodeId + ": no figures for it yet.";
        }
        int sequences = 0;
        double tokens = 0;
        double kvUsed = 0;
        for (ModelStatus m : node.status().models()) {
            sequences += m.sequencesRunning() + m.sequencesWaiting();
            tokens += m.tokensPerSecond();
            kvUsed += m.kv().blocksUsed();
        }
        List<NodeView> survivors = snapshot.nodes().stream().filter(n -> !n.id().equals(nodeId)
                && n.health() == NodeHealth.UP && n.status() != null && n.status().state() == NodeState.SERVING).toList();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "Drain %s: it finishes its %d sequences (%.0f tokens/s, %.0f KV blocks) and takes no new work.",
                nodeId, sequences, tokens, kvUsed));
        if (survivors.isEmpty()) {
            return text.append("\nWARNING: no other node is serving; its models will be shed with 429 or fall back.").toString();
        }
        List<String> after = new ArrayList<>();
        boolean crowded = false;
        for (NodeView s : survivors) {
            long used = 0;
            long total = 0;
            for (ModelStatus m : s.status().models()) {
                used += m.kv().blocksUsed();
                total += m.kv().blocksTotal();
            }
            double share = total == 0 ? 0 : (used + kvUsed / survivors.size()) / total;
            crowded |= share > CROWDED;
            after.add(String.format(Locale.ROOT, "%s (KV would reach %.0f%%)", s.id(), 100 * share));
        }
        text.append("\nIts traffic moves onto ").append(String.join(" and ", after)).append('.');
        if (crowded) {
            text.append("\nWARNING: a survivor would pass ").append(Math.round(CROWDED * 100))
                    .append("% KV: the gateway will shed or fall back rather than overload it.");
        }
        return text.toString();
    }
}
