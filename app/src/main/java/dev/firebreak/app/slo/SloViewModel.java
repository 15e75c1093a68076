package dev.firebreak.app.slo;

import dev.firebreak.agent.api.ModelSlo;
import dev.firebreak.agent.api.SloHistory;
import dev.firebreak.agent.api.SloReport;
import dev.firebreak.app.fx.Rows;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The SLO view's state: a row per model and indicator, the model whose budget the chart shows and
 * its curve, and a line saying what the figures are (or why there are none). Also the newest report,
 * for the actions' budget preview. FX thread only.
 */
public final class SloViewModel {

    private final ObservableList<SloRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<String> chartModel = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<BudgetCurve> curve = new ReadOnlyObjectWrapper<>(BudgetCurve.EMPTY);
    private final StringProperty status = new SimpleStringProperty("Reading the agent's service level objectives...");
    private SloFigures last = SloFigures.NONE;

    public SloViewModel() {
        chartModel.subscribe(m -> curve.set(curveOf(m)));
    }

    /** Shows the newest figures; rows are replaced in place, by model and indicator, so a selection survives. */
    public void apply(SloFigures figures) {
        last = figures;
        SloReport report = figures.report();
        if (report == null) {
            status.set(figures.unavailable() == null ? status.get() : "SLO figures unavailable: " + figures.unavailable());
            return;
        }
        List<SloRow> next = new ArrayList<>();
        for (ModelSlo m : report.models()) {
            next.add(SloRow.of(m.model(), m.availability()));
            next.add(SloRow.of(m.model(), m.latency()));
        }
        Rows.update(rows, next, r -> r.model() + "/" + r.indicator());
        String window = "Objectives over a rolling " + days(report.windowMillis()) + "; burn rate 1x spends the budget exactly"
                + " over the window.";
        status.set(figures.unavailable() == null ? window : window + " Last read failed: " + figures.unavailable());
        if (chartModel.get() == null && !report.models().isEmpty()) {
            chartModel.set(report.models().getFirst().model());
        } else {
            curve.set(curveOf(chartModel.get()));
        }
    }

    /** Counted back from the end of the history read (the current minute's end), so the curve changes only with the history. */
    private BudgetCurve curveOf(String model) {
        SloHistory history = last.history();
        return model == null || history == null ? BudgetCurve.EMPTY : BudgetCurve.of(history, model, history.toMillis());
    }

    private static String days(long millis) {
        Duration d = Duration.ofMillis(millis);
        return d.toHours() % 24 == 0 ? d.toDays() + "-day window" : d.toHours() + "-hour window";
    }

    public ObservableList<SloRow> rows() {
        return rows;
    }

    /** The model whose budget the chart shows. */
    public ObjectProperty<String> chartModelProperty() {
        return chartModel;
    }

    public ReadOnlyObjectProperty<BudgetCurve> curveProperty() {
        return curve.getReadOnlyProperty();
    }

    public StringProperty statusProperty() {
        return status;
    }

    /** The newest report, or {@code null} before the first read: what the actions' preview judges budgets by. */
    public SloReport report() {
        return last.report();
    }
}
