package dev.firebreak.app.charts;

import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.NodeFigures;
import dev.firebreak.app.figures.Trend;
import dev.firebreak.app.figures.TrendPoint;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The charts' state: what they can be restricted to (the whole cluster or one node), the choice,
 * and the trends to draw. A new choice asks the connection for its trends. FX thread only.
 */
public final class ChartsViewModel {

    public static final String WHOLE_CLUSTER = "Whole cluster";
    /** Points drawn per line: one every {@value} seconds keeps the charts cheap to redraw. */
    static final int STEP_SECONDS = 2;

    private final ObservableList<String> scopes = FXCollections.observableArrayList(WHOLE_CLUSTER);
    private final StringProperty scope = new SimpleStringProperty(WHOLE_CLUSTER);
    private final ObjectProperty<List<Trend>> trends = new SimpleObjectProperty<>(List.of());

    /** @param onScope gets the node the charts are restricted to, or {@code null} for the whole cluster */
    public ChartsViewModel(Consumer<String> onScope) {
        scope.subscribe((old, now) -> {
            if (now != null && !now.equals(old)) {
                onScope.accept(WHOLE_CLUSTER.equals(now) ? null : now);
            }
        });
    }

    /** Shows the trends of {@code figures}; a node that left takes the charts back to the whole cluster. */
    public void apply(ClusterFigures figures) {
        List<String> fresh = new ArrayList<>();
        fresh.add(WHOLE_CLUSTER);
        figures.nodes().stream().map(NodeFigures::id).forEach(fresh::add);
        if (!scopes.equals(fresh)) {
            String selected = scope.get();
            scopes.setAll(fresh);
            scope.set(fresh.contains(selected) ? selected : WHOLE_CLUSTER);
        }
        trends.set(figures.trends());
    }

    /** The line of {@code metric} for {@code trend}: every {@value #STEP_SECONDS}th second back from the newest, oldest first. */
    public static List<ChartPoint> line(Trend trend, Metric metric) {
        return line(trend, metric, Integer.MAX_VALUE);
    }

    /**
     * The same line with at most about {@code maxPoints} points: a chart a few hundred pixels wide
     * draws one point every few pixels, not one per second it holds.
     */
    public static List<ChartPoint> line(Trend trend, Metric metric, int maxPoints) {
        List<TrendPoint> points = trend.points();
        int step = Math.max(STEP_SECONDS, (points.size() + maxPoints - 1) / Math.max(1, maxPoints));
        List<ChartPoint> line = new ArrayList<>(points.size() / step + 1);
        if (points.isEmpty()) {
            return line;
        }
        long now = points.getLast().atMillis();
        for (int i = points.size() - 1; i >= 0; i -= step) {
            TrendPoint p = points.get(i);
            line.addFirst(new ChartPoint((p.atMillis() - now) / 1000.0, metric.of(p)));
        }
        return line;
    }

    public ObservableList<String> scopes() {
        return scopes;
    }

    /** The choice: {@link #WHOLE_CLUSTER} or a node id. */
    public StringProperty scopeProperty() {
        return scope;
    }

    public ObjectProperty<List<Trend>> trendsProperty() {
        return trends;
    }
}
