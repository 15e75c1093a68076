package dev.firebreak.app.slo;

import dev.firebreak.agent.api.ModelSlo;
import dev.firebreak.agent.api.SloIndicator;
import dev.firebreak.agent.api.SloReport;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.ModelFigures;
import dev.firebreak.app.figures.NodeFigures;
import dev.firebreak.app.figures.NodeModel;
import dev.firebreak.node.api.NodeState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an action would do to each affected model's availability budget, from the agent's burn rates
 * and the figures on screen. The model: over the last {@value #NOW} the model fails a share
 * {@code e} of its requests (its burn rate times its budget, 1 - objective); the node the action
 * removes served a share {@code s} of them (its req/s over the model's) and failed its own share
 * (its burn rate there). After the action the other nodes serve the model at the error share they
 * have now, {@code e_rest}, and the moved requests that find no KV room on them (under the
 * gateway's threshold, the preview's one capacity rule) are shed with 429, a share {@code u} of
 * the moved ones: {@code e_after = e_rest + s * u * (1 - e_rest)}, burn rate {@code e_after / (1 -
 * objective)}. Shed requests count against the budget, as they do by default; with a fallback model
 * they go there and count against its budget instead. Latency is left out: no figure on screen
 * tells how much slower the other nodes would answer.
 */
public final class BudgetImpact {

    /** The burn-rate window that stands for "now". */
    static final String NOW = "5m";
    private static final String PREFIX = "Budget: ";

    private BudgetImpact() {
    }

    /**
     * The burn rate after moving traffic.
     *
     * @param objective  the availability objective, 0-1
     * @param burnNow    the model's burn rate now
     * @param nodeBurn   the burn rate of the model on the node losing the traffic, or {@code null} when unknown
     * @param moved      the share of the model's requests the action moves, 0-1
     * @param unplaced   the share of the moved requests no other node has room for, 0-1
     * @param shedCounts whether unplaced requests count against this model (shed, no fallback)
     */
    static double burnAfter(double objective, double burnNow, Double nodeBurn, double moved, double unplaced, boolean shedCounts) {
        double budget = 1 - objective;
        double now = Math.min(1, burnNow * budget);
        double here = nodeBurn == null ? now : Math.min(1, nodeBurn * budget);
        double rest = moved < 1 ? Math.clamp((now - moved * here) / (1 - moved), 0, 1) : now;
        double after = shedCounts ? rest + moved * unplaced * (1 - rest) : rest;
        return after / budget;
    }

    /** Draining {@code nodeId}: a line for each model it serves. */
    public static String drain(SloReport slo, ClusterFigures figures, String nodeId) {
        NodeFigures node = figures.node(nodeId);
        if (node == null || node.models().isEmpty()) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        for (NodeModel here : node.models()) {
            lines.add(move(slo, figures, "drains " + nodeId, here.model(), nodeId));
        }
        return String.join("\n", lines);
    }

    /** Moving {@code model} off {@code nodeId}: a reroute off it, or its breaker tripped there. */
    public static String moveOff(SloReport slo, ClusterFigures figures, String model, String nodeId) {
        return move(slo, figures, "moves " + model + " off " + nodeId, model, nodeId);
    }

    /** Tripping {@code model} on every node: all its traffic goes to its fallback or is shed. */
    public static String tripEverywhere(SloReport slo, ClusterFigures figures, String model) {
        return move(slo, figures, "trips " + model + " everywhere", model, null);
    }

    /** {@code nodeId} null: the model leaves every node. */
    private static String move(SloReport slo, ClusterFigures figures, String action, String model, String nodeId) {
        if (slo == null) {
            return PREFIX + model + ": n/a (no SLO figures from the agent yet)";
        }
        ModelSlo standing = slo.models().stream().filter(m -> m.model().equals(model)).findFirst().orElse(null);
        SloIndicator availability = standing == null ? null : standing.availability();
        Double burnNow = availability == null ? null : availability.burnRates().get(NOW);
        if (burnNow == null) {
            return PREFIX + model + ": n/a (no SLO data: no traffic in the last " + NOW + ")";
        }
        ModelFigures m = figures.model(model);
        NodeFigures node = nodeId == null ? null : figures.node(nodeId);
        NodeModel here = node == null ? null : node.model(model);
        double moved = nodeId == null ? 1 : m == null || here == null || m.requestsPerSecond() <= 0 ? 0
                : Math.min(1, here.requestsPerSecond() / m.requestsPerSecond());
        Double nodeBurn = nodeId == null ? null : standing.nodes().stream().filter(n -> n.node().equals(nodeId)).findFirst()
                .map(n -> n.availability().burnRates().get(NOW)).orElse(null);
        List<NodeModel> others = nodeId == null ? List.of() : survivors(figures, model, nodeId);
        double unplaced = others.isEmpty() ? 1 : unplaced(here, others, figures.kvThreshold().known() ? figures.kvThreshold().share() : 1);
        String fallback = m == null ? null : m.fallback();
        if (fallback != null && moved * unplaced >= 1) {
            return String.format(Locale.ROOT, "%s%s: all of %s's requests go to its fallback %s and count against %s's budget;"
                    + " %s's own is not spent meanwhile.", PREFIX, action, model, fallback, fallback, model);
        }
        double after = burnAfter(availability.objective(), burnNow, nodeBurn, moved, unplaced, fallback == null);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s%s: %s's availability burn rate would %s while its traffic moves",
                PREFIX, action, model, change(burnNow, after)));
        text.append(String.format(Locale.ROOT, " (%.0f%% of its requests move", 100 * moved));
        if (moved > 0 && unplaced > 0) {
            text.append(String.format(Locale.ROOT, "; %.0f%% of those find no room under the KV threshold and %s", 100 * unplaced,
                    fallback == null ? "are shed with 429" : "go to its fallback " + fallback + ", counted against its budget"));
        }
        text.append(')');
        return text.append(lasts(availability.budgetRemaining(), after, slo.windowMillis())).append('.').toString();
    }

    /** "rise from 0.8x to 2.5x", "fall from ...", "stay at 0.8x". */
    private static String change(double before, double after) {
        String from = SloRow.times(before);
        String to = SloRow.times(after);
        if (from.equals(to)) {
            return "stay at " + to;
        }
        return (after > before ? "rise from " : "fall from ") + from + " to " + to;
    }

    /** How long the budget left lasts at {@code burn}. */
    private static String lasts(Double left, double burn, long windowMillis) {
        if (left == null || burn <= 0) {
            return "";
        }
        if (left <= 0) {
            return String.format(Locale.ROOT, "; its budget is already spent (%.0f%% left)", 100 * left);
        }
        double hours = left * windowMillis / burn / 3_600_000.0;
        return String.format(Locale.ROOT, "; at %s its %.0f%% of budget left lasts %s", SloRow.times(burn), 100 * left,
                hours >= 48 ? String.format(Locale.ROOT, "%.1f days", hours / 24)
                        : hours >= 1 ? String.format(Locale.ROOT, "%.1f hours", hours) : String.format(Locale.ROOT, "%.0f minutes", hours * 60));
    }

    /** The model on the other nodes that serve it now. */
    private static List<NodeModel> survivors(ClusterFigures figures, String model, String except) {
        return figures.nodes().stream().filter(n -> !n.id().equals(except) && n.reachability() == NodeHealth.UP
                && n.state() == NodeState.SERVING).map(n -> n.model(model)).filter(java.util.Objects::nonNull).toList();
    }

    /**
     * The share of {@code moved}'s KV (its requests, as the gateway places them by KV) that the others
     * cannot take under {@code threshold}, each taking an even part; an engine without KV figures is
     * taken to have room.
     */
    static double unplaced(NodeModel moved, List<NodeModel> others, double threshold) {
        if (moved == null || moved.kvUsed() == 0) {
            return 0;
        }
        double part = (double) moved.kvUsed() / others.size();
        double taken = 0;
        for (NodeModel o : others) {
            double room = o.kvTotal() == 0 ? part : Math.max(0, threshold * o.kvTotal() - o.kvUsed());
            taken += Math.min(part, room);
        }
        return 1 - taken / moved.kvUsed();
    }
}
