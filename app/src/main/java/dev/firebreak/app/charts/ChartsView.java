package dev.firebreak.app.charts;

import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.NodeFigures;
import dev.firebreak.app.figures.Trend;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.RowConstraints;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The last minutes, one line per model: KV usage, errors, p99 time to first token and
 * throughput, for the whole cluster or one node. X is seconds before now.
 */
public final class ChartsView extends BorderPane {

    private static final String WHOLE_CLUSTER = "Whole cluster";
    /** Points drawn per line: one every {@value} seconds keeps the charts cheap to redraw. */
    private static final int STEP_SECONDS = 2;

    private final ChoiceBox<String> scope = new ChoiceBox<>();
    private final List<Chart> charts = List.of(
            new Chart("KV cache used (%)", Trend::kvPercent),
            new Chart("Errors per second", Trend::errorsPerSecond),
            new Chart("p99 time to first token (ms)", Trend::ttftP99Millis),
            new Chart("Tokens per second", Trend::tokensPerSecond));

    public ChartsView(Consumer<String> onScope) {
        setId("charts");
        scope.setId("chart-scope");
        scope.getItems().add(WHOLE_CLUSTER);
        scope.setValue(WHOLE_CLUSTER);
        scope.valueProperty().subscribe((old, now) -> {
            if (now != null && !now.equals(old)) {
                onScope.accept(WHOLE_CLUSTER.equals(now) ? null : now);
            }
        });
        HBox bar = new HBox(8, new Label("Show"), scope);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 12, 0, 12));
        setTop(bar);
        GridPane grid = new GridPane(8, 8);
        grid.setPadding(new Insets(8));
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            grid.getColumnConstraints().add(c);
            RowConstraints r = new RowConstraints();
            r.setPercentHeight(50);
            r.setVgrow(Priority.ALWAYS);
            grid.getRowConstraints().add(r);
        }
        for (int i = 0; i < charts.size(); i++) {
            grid.add(charts.get(i).chart, i % 2, i / 2);
        }
        setCenter(grid);
    }

    /** Shows the trends of {@code figures}. FX thread only. */
    public void show(ClusterFigures figures) {
        List<String> nodes = new ArrayList<>();
        nodes.add(WHOLE_CLUSTER);
        figures.nodes().stream().map(NodeFigures::id).forEach(nodes::add);
        if (!scope.getItems().equals(nodes)) {
            String selected = scope.getValue();
            scope.getItems().setAll(nodes);
            scope.setValue(nodes.contains(selected) ? selected : WHOLE_CLUSTER);
        }
        for (Chart chart : charts) {
            chart.show(figures.trends());
        }
    }

    /** One chart: a line per model. */
    private static final class Chart {
        final LineChart<Number, Number> chart;
        final Function<Trend, double[]> values;

        Chart(String title, Function<Trend, double[]> values) {
            this.values = values;
            NumberAxis x = new NumberAxis(-300, 0, 60);
            x.setLabel("seconds ago");
            x.setAutoRanging(false);
            NumberAxis y = new NumberAxis();
            y.setForceZeroInRange(true);
            chart = new LineChart<>(x, y);
            chart.setTitle(title);
            chart.setId("chart-" + title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
            chart.setCreateSymbols(false);
            chart.setAnimated(false);
            chart.setLegendVisible(true);
            chart.getStyleClass().add("trend-chart");
        }

        void show(List<Trend> trends) {
            var series = chart.getData();
            List<String> names = trends.stream().map(Trend::model).toList();
            if (!series.stream().map(XYChart.Series::getName).toList().equals(names)) {
                series.setAll(trends.stream().map(t -> new XYChart.Series<Number, Number>(t.model(),
                        FXCollections.observableArrayList())).toList());
            }
            for (int i = 0; i < trends.size(); i++) {
                series.get(i).getData().setAll(points(trends.get(i)));
            }
        }

        private List<XYChart.Data<Number, Number>> points(Trend trend) {
            double[] v = values.apply(trend);
            long[] at = trend.atMillis();
            List<XYChart.Data<Number, Number>> points = new ArrayList<>(v.length / STEP_SECONDS + 1);
            if (v.length == 0) {
                return points;
            }
            long now = at[at.length - 1];
            for (int i = v.length - 1; i >= 0; i -= STEP_SECONDS) {
                points.addFirst(new XYChart.Data<>((at[i] - now) / 1000.0, v[i]));
            }
            return points;
        }
    }
}
