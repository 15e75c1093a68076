package dev.firebreak.app.nodes;

import dev.firebreak.agent.api.ClusterSnapshot;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/** The node table's rows, as JavaFX state. FX thread only. */
public final class NodesViewModel {

    private final ObservableList<NodeRow> rows = FXCollections.observableArrayList();

    /** Shows the nodes of {@code snapshot}, replacing only rows that changed so selection survives. */
    public void apply(ClusterSnapshot snapshot) {
        List<NodeRow> fresh = snapshot.nodes().stream().map(NodeRow::of).toList();
        if (fresh.size() != rows.size()
                || !fresh.stream().map(NodeRow::id).toList().equals(rows.stream().map(NodeRow::id).toList())) {
            rows.setAll(fresh);
            return;
        }
        for (int i = 0; i < fresh.size(); i++) {
            if (!fresh.get(i).equals(rows.get(i))) {
                rows.set(i, fresh.get(i));
            }
        }
    }

    public ObservableList<NodeRow> rows() {
        return rows;
    }
}
