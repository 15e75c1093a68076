package dev.firebreak.app.nodes;

import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.Health;
import dev.firebreak.app.figures.KvThreshold;
import dev.firebreak.app.figures.NodeFigures;
import dev.firebreak.app.fx.LiveRows;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The node table's rows, as JavaFX state. FX thread only. */
public final class NodesViewModel {

    private final LiveRows<NodeRow, String> rows = new LiveRows<>(NodeRow::id);
    private final ObjectProperty<KvThreshold> kvThreshold = new SimpleObjectProperty<>(KvThreshold.UNKNOWN);

    /** Shows the nodes of {@code snapshot}: each node keeps its line, so selection and scroll survive. */
    public void apply(ClusterSnapshot snapshot, ClusterFigures figures) {
        apply(snapshot, figures, false);
    }

    /**
     * Shows the nodes of {@code snapshot}; with {@code narrowed} (the fleet filter kept some of
     * them in {@code figures}) only those {@code figures} has.
     */
    public void apply(ClusterSnapshot snapshot, ClusterFigures figures, boolean narrowed) {
        Map<String, NodeFigures> byId = figures.nodes().stream().collect(Collectors.toMap(NodeFigures::id, Function.identity()));
        List<NodeRow> fresh = snapshot.nodes().stream().filter(v -> !narrowed || byId.containsKey(v.id()))
                .map(v -> NodeRow.of(v, byId.getOrDefault(v.id(), empty(v)))).toList();
        kvThreshold.set(figures.kvThreshold());
        rows.update(fresh);
    }

    private static NodeFigures empty(NodeView v) {
        return new NodeFigures(v.id(), v.url(), v.health(), null, 0, 0, 0, 0, 0, null, null,
                Health.DOWN, null, List.of());
    }

    /** One line per node, whose value is the node's newest figures; the table follows them (see {@link LiveRows}). */
    public LiveRows<NodeRow, String> lines() {
        return rows;
    }

    /** The rows shown, in the agent's order. */
    public List<NodeRow> values() {
        return rows.values();
    }

    /** Where the KV bars turn amber: the gateway's threshold. */
    public ObjectProperty<KvThreshold> kvThresholdProperty() {
        return kvThreshold;
    }
}
