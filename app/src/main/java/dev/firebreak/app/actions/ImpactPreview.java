package dev.firebreak.app.actions;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.KvThreshold;
import dev.firebreak.app.figures.ModelFigures;
import dev.firebreak.app.figures.NodeFigures;
import dev.firebreak.app.figures.NodeModel;
import dev.firebreak.node.api.NodeState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an action would do, in the figures on screen: how much traffic and KV it moves, where to,
 * and whether the nodes that take it stay under the gateway's KV threshold, the one the agent
 * serves: a node at or above it for a model gets no new requests for that model. Pure text from
 * immutable figures.
 */
public final class ImpactPreview {

    /** Starts every line that warns of harm. */
    static final String WARNING = "WARNING";

    private ImpactPreview() {
    }

    /** Draining {@code nodeId}: everything it serves moves to the other serving nodes. */
    public static String drain(ClusterFigures figures, String nodeId) {
        NodeFigures node = node(figures, nodeId);
        if (node == null || node.state() == null) {
            return "Drain " + nodeId + ": no figures for it yet.";
        }
        StringBuilder text = new StringBuilder(node.unavailable() != null
                ? "Drain " + nodeId + ": it takes no new work and finishes what it holds (its " + node.kind().id()
                + " engine does not give all of its sequences and KV figures)."
                : String.format(Locale.ROOT, "Drain %s: it finishes its %d sequences (%d KV blocks) and takes no new work.",
                nodeId, node.running() + node.waiting(), node.kvUsed()));
        List<NodeFigures> survivors = serving(figures, nodeId);
        if (survivors.isEmpty()) {
            return text.append("\n" + WARNING + ": no other node is serving; its ").append(fmt(node.requestsPerSecond()))
                    .append(" req/s will be shed with 429 or fall back.").toString();
        }
        List<String> after = new ArrayList<>();
        for (NodeFigures s : survivors) {
            if (s.kvUnknown()) {
                after.add(s.id() + " (no KV figure: its " + s.kind().id() + " engine gives none, so no headroom can be told)");
                continue;
            }
            if (node.kvUnknown()) {
                after.add(String.format(Locale.ROOT, "%s (KV now %.0f%%, plus what %s holds, which its engine does not tell)",
                        s.id(), 100 * s.kvUsage(), nodeId));
                continue;
            }
            double share = s.kvTotal() == 0 ? 1 : (s.kvUsed() + (double) node.kvUsed() / survivors.size()) / s.kvTotal();
            after.add(String.format(Locale.ROOT, "%s (KV would reach %.0f%%)", s.id(), 100 * share));
        }
        text.append("\nMoves ").append(fmt(node.requestsPerSecond())).append(" req/s onto ")
                .append(String.join(" and ", after)).append('.');
        // The gateway judges each model on each node: so does the warning.
        List<String> refused = new ArrayList<>();
        for (NodeModel here : node.models()) {
            refused.addAll(refusedAfterMove(figures, here, nodeId));
        }
        return warnIfRefused(text, figures, refused).toString();
    }

    /** Moving {@code model} off {@code nodeId} (reroute, or a breaker tripped there). */
    public static String moveOff(ClusterFigures figures, String model, String nodeId) {
        NodeFigures node = node(figures, nodeId);
        NodeModel here = node == null ? null : node.model(model);
        if (here == null) {
            return nodeId + " does not serve " + model + ": nothing moves.";
        }
        List<NodeFigures> others = serving(figures, nodeId).stream().filter(n -> n.model(model) != null).toList();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s on %s: %s req/s, %d sequences, %d KV blocks.",
                model, nodeId, fmt(here.requestsPerSecond()), here.running() + here.waiting(), here.kvUsed()));
        if (others.isEmpty()) {
            return text.append("\n" + WARNING + ": no other node serves ").append(model).append(": its requests go to its fallback")
                    .append(fallbackOf(figures, model)).append(" or are shed with 429.").toString();
        }
        List<String> after = new ArrayList<>();
        for (NodeFigures n : others) {
            if (n.kvUnknown()) {
                after.add(n.id() + " (no KV figure: its " + n.kind().id() + " engine gives none, so no headroom can be told)");
                continue;
            }
            after.add(String.format(Locale.ROOT, "%s (%s KV would reach %.0f%%)", n.id(), model,
                    100 * shareAfter(n.model(model), here, others.size())));
        }
        text.append("\nMoves ").append(fmt(here.requestsPerSecond())).append(" req/s onto ")
                .append(String.join(" and ", after)).append('.');
        return warnIfRefused(text, figures, refusedAfterMove(figures, here, nodeId)).toString();
    }

    /** Tripping the breakers of {@code model} on every node: the model gets no traffic at all. */
    public static String tripEverywhere(ClusterFigures figures, String model) {
        ModelFigures m = model(figures, model);
        double rate = m == null ? 0 : m.requestsPerSecond();
        return "Trip " + model + " on every node: its " + fmt(rate) + " req/s go to its fallback" + fallbackOf(figures, model)
                + " or are shed with 429 until reset.\n" + WARNING + ": clients of " + model + " get no answer from it.";
    }

    /** Sending {@code model}'s traffic by {@code weights} (relative shares per node; a node left out gets none). */
    public static String weights(ClusterFigures figures, String model, Map<String, Double> weights) {
        ModelFigures m = model(figures, model);
        double rate = m == null ? 0 : m.requestsPerSecond();
        double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        if (sum <= 0) {
            return WARNING + ": every weight is 0: " + model + " gets no traffic (" + fmt(rate) + " req/s shed or to its fallback).";
        }
        List<String> parts = new ArrayList<>();
        boolean warn = false;
        for (var e : weights.entrySet()) {
            NodeFigures n = node(figures, e.getKey());
            double share = e.getValue() / sum;
            String note = "";
            if (n == null || n.model(model) == null) {
                note = ", " + WARNING + ": does not serve " + model;
                warn = true;
            } else if (n.reachability() != NodeHealth.UP || n.state() != NodeState.SERVING) {
                note = ", " + WARNING + ": not serving now";
                warn = true;
            }
            parts.add(String.format(Locale.ROOT, "%s %.0f%% (%s req/s%s)", e.getKey(), 100 * share, fmt(rate * share), note));
        }
        return model + " by weight: " + String.join(", ", parts) + "." + (warn ? "" : "\nNodes left out get none of it.");
    }

    /** Setting {@code fallback} as where {@code model} goes when it has no capacity. */
    public static String fallback(ClusterFigures figures, String model, String fallback) {
        ModelFigures f = model(figures, fallback);
        if (f == null) {
            return WARNING + ": no node serves " + fallback + ": the fallback would not help.";
        }
        String text = String.format(Locale.ROOT, "When %s has no healthy capacity its requests go to %s (now %s req/s, KV %.0f%%),"
                + " with the header X-Firebreak-Fallback.", model, fallback, fmt(f.requestsPerSecond()), 100 * f.kvUsage());
        KvThreshold threshold = figures.kvThreshold();
        return threshold.refuses(f.kvUsage()) ? text + "\n" + WARNING + ": " + fallback + " is already at or above the gateway's "
                + threshold.percent() + " KV threshold." : text;
    }

    /**
     * The nodes that would be at or above the gateway's threshold for {@code here}'s model once its
     * KV moves off {@code from}, shared evenly by the other nodes serving the model, e.g. "node-2 (tiny-chat)".
     */
    public static List<String> refusedAfterMove(ClusterFigures figures, NodeModel here, String from) {
        List<NodeFigures> others = serving(figures, from).stream().filter(n -> n.model(here.model()) != null).toList();
        return others.stream().filter(n -> !n.kvUnknown()).filter(n -> figures.kvThreshold().refuses(shareAfter(n.model(here.model()), here, others.size())))
                .map(n -> n.id() + " (" + here.model() + ")").toList();
    }

    /** The KV share {@code there} would reach with its part of {@code moved}; a node without blocks counts as full. */
    private static double shareAfter(NodeModel there, NodeModel moved, int sharedBy) {
        return there.kvTotal() == 0 ? 1 : (there.kvUsed() + (double) moved.kvUsed() / sharedBy) / there.kvTotal();
    }

    private static StringBuilder warnIfRefused(StringBuilder text, ClusterFigures figures, List<String> refused) {
        if (!refused.isEmpty()) {
            text.append('\n').append(WARNING).append(": ").append(String.join(", ", refused))
                    .append(" would reach the gateway's ").append(figures.kvThreshold().percent())
                    .append(" KV threshold, where it sends no new requests for that model: they are shed or fall back"
                            + " rather than overload the node.");
        }
        return text;
    }

    private static String fallbackOf(ClusterFigures figures, String model) {
        ModelFigures m = model(figures, model);
        return m == null || m.fallback() == null ? "" : " " + m.fallback();
    }

    private static List<NodeFigures> serving(ClusterFigures figures, String except) {
        return figures.nodes().stream().filter(n -> !n.id().equals(except) && n.reachability() == NodeHealth.UP
                && n.state() == NodeState.SERVING).toList();
    }

    private static NodeFigures node(ClusterFigures figures, String id) {
        return figures.node(id);
    }

    private static ModelFigures model(ClusterFigures figures, String model) {
        return figures.model(model);
    }

    static String fmt(double rate) {
        return rate >= 10 ? String.format(Locale.ROOT, "%.0f", rate) : String.format(Locale.ROOT, "%.1f", rate);
    }
}
