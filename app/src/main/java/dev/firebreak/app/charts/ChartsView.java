package dev.firebreak.app.charts;

import dev.firebreak.app.figures.Trend;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The last minutes, one line per model: KV usage, errors, p99 time to first token and
 * throughput, for the whole cluster or one node. X is seconds before now.
 */
public final class ChartsView extends BorderPane {

    /** Pixels of chart width per point drawn. */
    private static final double PIXELS_PER_POINT = 3;

    private final List<Chart> charts;
    private boolean showing = true;
    private List<Trend> pending;

    public ChartsView(ChartsViewModel model) {
        setId("charts");
        // A combo box: its list is virtualised, a fleet has hundreds of nodes to choose from.
        ComboBox<String> scope = new ComboBox<>(model.scopes());
        scope.setVisibleRowCount(20);
        scope.setId("chart-scope");
        scope.valueProperty().bindBidirectional(model.scopeProperty());
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
        charts = Arrays.stream(Metric.values()).map(Chart::new).toList();
        for (int i = 0; i < charts.size(); i++) {
            grid.add(charts.get(i).chart, i % 2, i / 2);
        }
        setCenter(grid);
        model.trendsProperty().subscribe(trends -> {
            if (showing) {
                charts.forEach(c -> c.show(trends));
            } else {
                pending = trends;
            }
        });
    }

    /**
     * Whether the charts are on screen: while they are not (another tab is selected) they keep only
     * the newest trends, and draw them when shown again.
     */
    public void showing(boolean on) {
        showing = on;
        if (on && pending != null) {
            List<Trend> trends = pending;
            pending = null;
            charts.forEach(c -> c.show(trends));
        }
    }

    /** One chart: a line per model. */
    private static final class Chart {
        final LineChart<Number, Number> chart;
        final Metric metric;

        Chart(Metric metric) {
            this.metric = metric;
            NumberAxis x = new NumberAxis(-300, 0, 60);
            x.setLabel("seconds ago");
            x.setAutoRanging(false);
            NumberAxis y = new NumberAxis();
            y.setForceZeroInRange(true);
            chart = new LineChart<>(x, y);
            chart.setTitle(metric.title());
            chart.setId("chart-" + metric.title().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
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
            int maxPoints = chart.getWidth() > 0 ? (int) (chart.getWidth() / PIXELS_PER_POINT) : Integer.MAX_VALUE;
            for (int i = 0; i < trends.size(); i++) {
                series.get(i).getData().setAll(ChartsViewModel.line(trends.get(i), metric, maxPoints).stream()
                        .map(p -> new XYChart.Data<Number, Number>(p.secondsAgo(), p.value())).toList());
            }
        }
    }
}
