package dev.firebreak.agent.api;

import dev.firebreak.node.api.DrainProgress;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.api.JvmHeap;
import dev.firebreak.node.api.NodeState;

import java.util.List;
import java.util.Map;

/**
 * One scrape of a node, in the same shape whatever its engine. Times are epoch milliseconds. A
 * {@code null} figure is one the engine does not give; {@code unavailable} says why, keyed by the
 * field name, and also names the actions this node cannot take ({@code faults}) with the reason.
 *
 * @param state WARMING while the engine loads, SERVING, or DRAINING / DRAINED during a drain (the node's
 *              own, or the gateway's for an engine without a drain endpoint)
 * @param drain progress of the current drain, {@code null} while serving
 * @param faults the faults a Firebreak node injects, {@code null} for other engines
 * @param findings what was wrong with this scrape's input (a figure of the wrong type, NaN, a negative gauge...): the
 *                 figures concerned are dropped, the rest kept
 */
public record NodeReport(NodeState state, Long startedAtMillis, long observedAtMillis, Long uptimeMillis, JvmHeap heap,
                         DrainProgress drain, FaultSettings faults, List<ModelReport> models, Map<String, String> unavailable,
                         List<String> findings) {

    /** Key in {@link #unavailable()} when the node cannot inject faults. */
    public static final String FAULTS = "faults";

    public NodeReport {
        models = List.copyOf(models);
        unavailable = unavailable == null ? Map.of() : Map.copyOf(unavailable);
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    /** The same report in {@code newState} with {@code progress}, as a drain at the gateway sees it. */
    public NodeReport withDrain(NodeState newState, DrainProgress progress) {
        return new NodeReport(newState, startedAtMillis, observedAtMillis, uptimeMillis, heap, progress, faults, models,
                unavailable, findings);
    }

    /** The same report with these models. */
    public NodeReport withModels(List<ModelReport> newModels) {
        return new NodeReport(state, startedAtMillis, observedAtMillis, uptimeMillis, heap, drain, faults, newModels,
                unavailable, findings);
    }

    /** True when the node can inject faults (a Firebreak node). */
    public boolean injectsFaults() {
        return !unavailable.containsKey(FAULTS);
    }
}
