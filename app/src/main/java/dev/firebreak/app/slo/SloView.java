package dev.firebreak.app.slo;

import dev.firebreak.app.fx.Labels;
import dev.firebreak.app.fx.Columns;
import dev.firebreak.app.fx.GraphicCell;
import dev.firebreak.app.fx.Tables;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.List;

/**
 * Each model's service level objectives: a row per indicator with its objective, compliance, the
 * error budget left as a bar that turns amber then red, and the burn rates; under it, the chosen
 * model's budget over the window.
 */
public final class SloView extends BorderPane {

    public SloView(SloViewModel model) {
        setId("slo");
        Label status = Labels.bound("slo-status", "card-detail", model.statusProperty());
        status.setWrapText(true);
        status.setPadding(new Insets(6, 10, 4, 10));
        setTop(status);

        TableView<SloRow> table = table(model);
        table.getSelectionModel().selectedItemProperty().subscribe(row -> {
            if (row != null) {
                model.chartModelProperty().set(row.model());
            }
        });
        SplitPane split = new SplitPane(table, chart(model));
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        setCenter(split);
    }

    private static TableView<SloRow> table(SloViewModel model) {
        TableView<SloRow> table = new TableView<>(model.rows());
        Tables.setUp(table, "slo-table", "No models yet");
        table.getColumns().add(Columns.text("Model", SloRow::model, 110));
        table.getColumns().add(Columns.text("Indicator", SloRow::indicator, 90));
        table.getColumns().add(Columns.text("Objective", SloRow::objective, 120));
        table.getColumns().add(Columns.text("Compliance", SloRow::compliance, 150));
        table.getColumns().add(budgetColumn());
        TableColumn<SloRow, String> burns = new TableColumn<>("Burn rate over");
        burns.setId("column-burn-rates");
        for (int i = 0; i < SloRow.WINDOWS.size(); i++) {
            int window = i;
            TableColumn<SloRow, String> burn = Columns.text(SloRow.WINDOWS.get(i), r -> r.burns().get(window), 55);
            burn.setId("column-burn-" + SloRow.WINDOWS.get(i));
            burns.getColumns().add(burn);
        }
        table.getColumns().add(burns);
        return table;
    }

    /** The budget left: a bar with its figure, amber then red as {@link BudgetLevel} says; "no data" without traffic. */
    private static TableColumn<SloRow, SloRow> budgetColumn() {
        TableColumn<SloRow, SloRow> column = new TableColumn<>("Budget left");
        column.setId("column-budget-left");
        column.setPrefWidth(170);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        column.setCellFactory(c -> new GraphicCell<>() {
            private final ProgressBar bar = new ProgressBar(0);
            private final Label figure = new Label();
            private final HBox box = new HBox(6, bar, figure);

            {
                box.setAlignment(Pos.CENTER_LEFT);
                box.getStyleClass().add("budget-bar");
                bar.setPrefWidth(90);
                setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
            }

            @Override
            protected HBox graphic(SloRow row) {
                bar.setVisible(row.budgetLeft() != null);
                bar.setProgress(row.budgetLeft() == null ? 0 : Math.clamp(row.budgetLeft(), 0, 1));
                figure.setText(row.budget());
                box.getStyleClass().removeAll("budget-low", "budget-critical");
                String style = row.level().styleClass();
                if (style != null) {
                    box.getStyleClass().add(style);
                }
                return box;
            }
        });
        return column;
    }

    /** The chosen model's budget left over the window, one line per indicator. */
    private static VBox chart(SloViewModel model) {
        Label title = new Label();
        title.getStyleClass().add("section-title");
        title.setId("slo-chart-title");
        NumberAxis x = new NumberAxis();
        NumberAxis y = new NumberAxis();
        y.setLabel("budget left, %");
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId("slo-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        Label noData = new Label("no data: no traffic in the window");
        noData.setId("slo-chart-no-data");
        StackPane area = new StackPane(chart, noData);
        VBox.setVgrow(area, Priority.ALWAYS);
        Runnable draw = () -> {
            BudgetCurve curve = model.curveProperty().get();
            String m = model.chartModelProperty().get();
            title.setText(m == null ? "Budget left over the window" : "Budget left over the window: " + m);
            x.setLabel(curve.unit() + " before now");
            // A line needs two points: the first minutes of traffic show as dots.
            chart.setCreateSymbols(Math.max(curve.availability().size(), curve.latency().size()) < 3);
            chart.getData().setAll(List.of(series("availability", curve.availability()), series("latency", curve.latency())));
            noData.setVisible(curve.isEmpty());
            chart.setVisible(!curve.isEmpty());
        };
        model.curveProperty().subscribe(c -> draw.run());
        model.chartModelProperty().subscribe(m -> draw.run());
        VBox box = new VBox(4, title, area);
        box.setPadding(new Insets(6, 10, 6, 10));
        return box;
    }

    private static XYChart.Series<Number, Number> series(String name, List<BudgetCurve.Point> points) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        points.forEach(p -> s.getData().add(new XYChart.Data<>(p.x(), p.y())));
        return s;
    }
}
