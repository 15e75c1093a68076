package dev.firebreak.app.nodes;

import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.app.figures.Figures;
import dev.firebreak.app.figures.RecentSamples;
import dev.firebreak.app.fx.LiveRow;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableColumn;
import dev.firebreak.app.testing.Windows;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.firebreak.app.nodes.NodesViewModelTest.snapshot;
import static dev.firebreak.app.nodes.NodesViewModelTest.up;
import static dev.firebreak.app.testing.Fx.drawnTexts;
import static dev.firebreak.app.testing.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;

/** The live node table: a second's figures redraw the cells, and a sorted table sorts again, keeping the selection. */
class NodesViewTest {

    private final NodesViewModel model = new NodesViewModel();
    @AutoClose
    private final Windows windows = new Windows();

    @Test
    void shouldSortAgainWhenTheFiguresMoveAndKeepTheSelectedNode() throws Exception {
        NodesView view = onFx(this::open);
        onFx(() -> {
            show(snapshot(up("node-1", 3000), up("node-2", 1000), up("node-3", 2000)));
            TableColumn<LiveRow<NodeRow>, ?> uptime = view.getColumns().stream().filter(c -> "Uptime".equals(c.getText())).findFirst().orElseThrow();
            uptime.setSortType(TableColumn.SortType.ASCENDING);
            view.getSortOrder().setAll(List.of(uptime));
            view.layout();
            return null;
        });
        assertThat(onFx(() -> ids(view))).containsExactly("node-2", "node-3", "node-1");
        onFx(() -> {
            view.getSelectionModel().select(1);
            return null;
        });

        onFx(() -> {
            show(snapshot(up("node-1", 500), up("node-2", 1000), up("node-3", 2000)));
            view.layout();
            return null;
        });

        assertThat(onFx(() -> ids(view))).as("sorted by uptime again").containsExactly("node-1", "node-2", "node-3");
        onFx(() -> {
            show(snapshot(up("node-1", 500), up("node-2", 4000), up("node-3", 2000)));
            view.layout();
            return null;
        });
        assertThat(onFx(() -> ids(view))).as("and again, every second").containsExactly("node-1", "node-3", "node-2");
        assertThat(onFx(() -> view.getSelectionModel().getSelectedItem().get().id())).isEqualTo("node-3");
        assertThat(onFx(() -> drawnTexts(view))).as("the moved figure is drawn").contains("0:00:00", "0:00:04").doesNotContain("0:00:03");
    }

    @Test
    void shouldRedrawAMovedFigureWithoutAskingTheRowsForALayout() throws Exception {
        NodesView view = onFx(() -> {
            NodesView v = open();
            show(snapshot(up("node-1", 3000), up("node-2", 1000)));
            v.layout();
            return v;
        });

        List<String> wanting = onFx(() -> {
            show(snapshot(up("node-1", 7000), up("node-2", 8000)));
            return rowsWantingLayout(view);
        });

        // A row wanting layout makes the table re-index and re-style every visible row.
        assertThat(wanting).as("rows asking for a layout after their figures moved").isEmpty();
        assertThat(onFx(() -> {
            view.layout();
            return drawnTexts(view);
        })).as("the moved figures are drawn").contains("0:00:07", "0:00:08").doesNotContain("0:00:03", "0:00:01");
    }

    private static List<String> rowsWantingLayout(Parent root) {
        List<String> rows = new ArrayList<>();
        for (Node n : root.getChildrenUnmodifiable()) {
            if (n instanceof TableRow<?> row && row.getItem() != null && row.isNeedsLayout()) {
                rows.add(String.valueOf(row.getItem()));
            } else if (n instanceof Parent p) {
                rows.addAll(rowsWantingLayout(p));
            }
        }
        return rows;
    }

    private NodesView open() {
        return windows.show(new NodesView(model, new SimpleBooleanProperty(false), new SimpleStringProperty(null), row -> { }),
                1400, 400);
    }

    private void show(ClusterSnapshot snapshot) {
        model.apply(snapshot, Figures.compute(snapshot, new RecentSamples(10), null, 10));
    }

    private static List<String> ids(NodesView view) {
        return view.getItems().stream().map(r -> r.get().id()).toList();
    }

}
