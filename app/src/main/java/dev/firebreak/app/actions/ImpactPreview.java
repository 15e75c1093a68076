package dev.firebreak.app.actions;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.app.figures.ClusterFigures;
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
 * and whether the nodes that take it have the headroom. Pure text from immutable figures.
 */
public final class ImpactPreview {

    /** Above this KV share after the move, the preview warns. */
    static final double CROWDED = 0.85;

    private ImpactPreview() {
    }

    /** Draining {@code nodeId}: everything it serves moves to the other serving nodes. */
    public static String drain(ClusterFigures figures, String nodeId) {
        NodeFigures node = node(figures, nodeId);
        if (node == null || node.state() == null) {
            return "Drain " + nodeId + ": no figures for it yet.";
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "Drain %s: it finishes its %d sequences (%d KV blocks) and takes no new work.",
                nodeId, node.running() + node.waiting(), node.kvUsed()));
        List<NodeFigures> survivors = serving(figures, nodeId);
        if (survivors.isEmpty()) {
            return text.append("\nWARNING: no other node is serving; its ").append(fmt(node.requestsPerSecond()))
                    .append(" req/s will be shed with 429 or fall back.").toString();
        }
        List<String> after = new ArrayList<>();
        boolean crowded = false;
        for (NodeFigures s : survivors) {
            double share = s.kvTotal() == 0 ? 1 : (s.kvUsed() + (double) node.kvUsed() / survivors.size()) / s.kvTotal();
            crowded |= share > CROWDED;
            after.add(String.format(Locale.ROOT, "%s (KV would reach %.0f%%)", s.id(), 100 * share));
        }
        text.append("\nMoves ").append(fmt(node.requestsPerSecond())).append(" req/s onto ")
                .append(String.join(" and ", after)).append('.');
        return warnIfCrowded(text, crowded).toString();
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
            return text.append("\nWARNING: no other node serves ").append(model).append(": its requests go to its fallback")
                    .append(fallbackOf(figures, model)).append(" or are shed with 429.").toString();
        }
        List<String> after = new ArrayList<>();
        boolean crowded = false;
        for (NodeFigures n : others) {
            NodeModel there = n.model(model);
            double share = there.kvTotal() == 0 ? 1 : (there.kvUsed() + (double) here.kvUsed() / others.size()) / there.kvTotal();
            crowded |= share > CROWDED;
            after.add(String.format(Locale.ROOT, "%s (%s KV would reach %.0f%%)", n.id(), model, 100 * share));
        }
        text.append("\nMoves ").append(fmt(here.requestsPerSecond())).append(" req/s onto ")
                .append(String.join(" and ", after)).append('.');
        return warnIfCrowded(text, crowded).toString();
    }

    /** Tripping the breakers of {@code model} on every node: the model gets no traffic at all. */
    public static String tripEverywhere(ClusterFigures figures, String model) {
        ModelFigures m = model(figures, model);
        double rate = m == null ? 0 : m.requestsPerSecond();
        return "Trip " + model + " on every node: its " + fmt(rate) + " req/s go to its fallback" + fallbackOf(figures, model)
                + " or are shed with 429 until reset.\nWARNING: clients of " + model + " get no answer from it.";
    }

    /** Sending {@code model}'s traffic by {@code weights} (relative shares per node; a node left out gets none). */
    public static String weights(ClusterFigures figures, String model, Map<String, Double> weights) {
        ModelFigures m = model(figures, model);
        double rate = m == null ? 0 : m.requestsPerSecond();
        double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        if (sum <= 0) {
            return "WARNING: every weight is 0: " + model + " gets no traffic (" + fmt(rate) + " req/s shed or to its fallback).";
        }
        List<String> parts = new ArrayList<>();
        boolean warn = false;
        for (var e : weights.entrySet()) {
            NodeFigures n = node(figures, e.getKey());
            double share = e.getValue() / sum;
            String note = "";
            if (n == null || n.model(model) == null) {
                note = ", WARNING: does not serve " + model;
                warn = true;
            } else if (n.reachability() != NodeHealth.UP || n.state() != NodeState.SERVING) {
                note = ", WARNING: not serving now";
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
            return "WARNING: no node serves " + fallback + ": the fallback would not help.";
        }
        String text = String.format(Locale.ROOT, "When %s has no healthy capacity its requests go to %s (now %s req/s, KV %.0f%%),"
                + " with the header X-Firebreak-Fallback.", model, fallback, fmt(f.requestsPerSecond()), 100 * f.kvUsage());
        return f.kvUsage() > CROWDED ? text + "\nWARNING: " + fallback + " is already above " + Math.round(CROWDED * 100) + "% KV." : text;
    }

    private static StringBuilder warnIfCrowded(StringBuilder text, boolean crowded) {
        if (crowded) {
            text.append("\nWARNING: a node would pass ").append(Math.round(CROWDED * 100))
                    .append("% KV: the gateway will shed or fall back rather than overload it.");
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
        return figures.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElse(null);
    }

    private static ModelFigures model(ClusterFigures figures, String model) {
        return figures.models().stream().filter(m -> m.model().equals(model)).findFirst().orElse(null);
    }

    static String fmt(double rate) {
        return rate >= 10 ? String.format(Locale.ROOT, "%.0f", rate) : String.format(Locale.ROOT, "%.1f", rate);
    }
}
