package dev.firebreak.app.slo;

import dev.firebreak.agent.api.ModelSlo;
import dev.firebreak.agent.api.SloBucket;
import dev.firebreak.agent.api.SloHistory;
import dev.firebreak.agent.api.SloIndicator;
import dev.firebreak.agent.api.SloReport;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SloViewModelTest {

    static final long NOW = 1_800_000_000_000L;
    static final long WINDOW = 28L * 86_400_000;

    /** Burn rates by window label; a null entry is a window without traffic. */
    static Map<String, Double> burns(Double... perWindow) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < SloRow.WINDOWS.size(); i++) {
            out.put(SloRow.WINDOWS.get(i), perWindow[i]);
        }
        return out;
    }

    /** An indicator as the agent computes it from {@code good} of {@code total}. */
    static SloIndicator sli(String name, double objective, long good, long total, Map<String, Double> burns) {
        Long threshold = name.equals("latency") ? 2_000L : null;
        if (total == 0) {
            return new SloIndicator(name, objective, threshold, 0, 0, null, null, burns, "no traffic in the window");
        }
        double compliance = (double) good / total;
        return new SloIndicator(name, objective, threshold, good, total, compliance, 1 - (1 - compliance) / (1 - objective), burns, null);
    }

    static ModelSlo model(String name, long good, long total, Map<String, Double> burns, List<ModelSlo.NodeSlo> nodes) {
        return new ModelSlo(name, sli("availability", 0.995, good, total, burns), sli("latency", 0.99, good, total, burns), nodes);
    }

    private static SloReport report(ModelSlo... models) {
        return new SloReport(NOW, WINDOW, List.of(models));
    }

    @Test
    void shouldShowEachModelsObjectiveComplianceBudgetAndBurnRates() {
        SloViewModel vm = new SloViewModel();

        vm.apply(new SloFigures(report(model("tiny-chat", 9_970, 10_000, burns(0.8, 0.6, 0.5, 0.4, 0.3), List.of())), null, null));

        assertThat(vm.rows()).hasSize(2);
        SloRow availability = vm.rows().getFirst();
        assertThat(availability.indicator()).isEqualTo("availability");
        assertThat(availability.objective()).isEqualTo("99.5%");
        assertThat(availability.compliance()).isEqualTo("99.7% (9970 of 10000)");
        // 30 bad of an allowance of 50: 40% of the budget left, under half: amber.
        assertThat(availability.budgetLeft()).isCloseTo(0.4, within(1e-9));
        assertThat(availability.budget()).isEqualTo("40%");
        assertThat(availability.level()).isEqualTo(BudgetLevel.LOW);
        assertThat(availability.burns()).containsExactly("0.8x", "0.6x", "0.5x", "0.4x", "0.3x");
        assertThat(vm.rows().get(1).objective()).isEqualTo("99% under 2 s");
        assertThat(vm.rows().get(1).level()).as("70 bad of 100 allowed").isEqualTo(BudgetLevel.HEALTHY);
        assertThat(vm.statusProperty().get()).startsWith("Objectives over a rolling 28-day window");
        assertThat(vm.chartModelProperty().get()).isEqualTo("tiny-chat");
    }

    @Test
    void shouldSayNoDataForAModelWithoutTrafficNeverAFullOrEmptyBudget() {
        SloViewModel vm = new SloViewModel();

        vm.apply(new SloFigures(report(model("tiny-code", 0, 0, burns(null, null, null, null, null), List.of())), null, null));

        assertThat(vm.rows()).allSatisfy(row -> {
            assertThat(row.compliance()).isEqualTo("no data");
            assertThat(row.budget()).isEqualTo("no data");
            assertThat(row.budgetLeft()).isNull();
            assertThat(row.level()).isEqualTo(BudgetLevel.NO_DATA);
            assertThat(row.burns()).containsOnly("n/a");
        });
    }

    @Test
    void shouldTurnTheBudgetAmberThenRedAtTheNamedThresholds() {
        assertThat(BudgetLevel.of(BudgetLevel.LOW_BELOW)).isEqualTo(BudgetLevel.HEALTHY);
        assertThat(BudgetLevel.of(Math.nextDown(BudgetLevel.LOW_BELOW))).isEqualTo(BudgetLevel.LOW);
        assertThat(BudgetLevel.of(BudgetLevel.CRITICAL_BELOW)).isEqualTo(BudgetLevel.LOW);
        assertThat(BudgetLevel.of(Math.nextDown(BudgetLevel.CRITICAL_BELOW))).isEqualTo(BudgetLevel.CRITICAL);
        assertThat(BudgetLevel.of(-0.3)).as("overspent").isEqualTo(BudgetLevel.CRITICAL);
        assertThat(BudgetLevel.of(null)).isEqualTo(BudgetLevel.NO_DATA);
        assertThat(BudgetLevel.LOW.styleClass()).isEqualTo("budget-low");
        assertThat(BudgetLevel.CRITICAL.styleClass()).isEqualTo("budget-critical");
    }

    @Test
    void shouldChartTheBudgetLeftOverTheWindowEndingAtTheReportsFigure() {
        SloViewModel vm = new SloViewModel();
        long hour = 3_600_000;
        long start = NOW - 10 * hour;
        // Hourly buckets: a clean hour, one hour with 20 failures of 1000, another clean one; latency all fast.
        SloHistory history = new SloHistory(start, NOW, hour, List.of(new SloHistory.Objective("tiny-chat", 0.995, 0.99, 2_000)),
                List.of(new SloBucket(start, "tiny-chat", 1_000, 1_000, 1_000, 1_000),
                        new SloBucket(start + hour, "tiny-chat", 1_000, 980, 1_000, 1_000),
                        new SloBucket(start + 9 * hour, "tiny-chat", 2_000, 2_000, 2_000, 2_000),
                        new SloBucket(start, "other", 5, 5, 5, 5)));
        ModelSlo chat = model("tiny-chat", 3_980, 4_000, burns(0.0, 0.0, 0.0, 0.2, 1.0), List.of());

        vm.apply(new SloFigures(report(chat), history, null));

        BudgetCurve curve = vm.curveProperty().get();
        assertThat(curve.unit()).isEqualTo("hours");
        assertThat(curve.availability()).extracting(BudgetCurve.Point::x).containsExactly(-9.0, -8.0, 0.0);
        // 0 bad of 1000, 20 bad of 2000 (allowance 10): -100%, 20 bad of 4000 (allowance 20): 0%.
        assertThat(curve.availability()).extracting(BudgetCurve.Point::y)
                .satisfiesExactly(y -> assertThat(y).isCloseTo(100, within(1e-9)), y -> assertThat(y).isCloseTo(-100, within(1e-9)),
                        y -> assertThat(y).isCloseTo(0, within(1e-9)));
        assertThat(curve.availability().getLast().y()).as("the curve ends at the report's budget left")
                .isCloseTo(100 * chat.availability().budgetRemaining(), within(1e-9));
        assertThat(curve.latency()).extracting(BudgetCurve.Point::y).containsOnly(100.0);
        assertThat(vm.rows().getFirst().level()).isEqualTo(BudgetLevel.CRITICAL);
    }

    @Test
    void shouldLeaveTheCurveAloneUntilTheHistoryChanges() {
        SloViewModel vm = new SloViewModel();
        SloHistory history = new SloHistory(NOW - 60_000, NOW, 60_000, List.of(new SloHistory.Objective("tiny-chat", 0.995, 0.99, 2_000)),
                List.of(new SloBucket(NOW - 60_000, "tiny-chat", 10, 10, 10, 10)));
        SloReport report = report(model("tiny-chat", 10, 10, burns(0.0, 0.0, 0.0, 0.0, 0.0), List.of()));
        vm.apply(new SloFigures(report, history, null));
        int[] changes = {0};
        vm.curveProperty().subscribe((was, now) -> changes[0]++);

        vm.apply(new SloFigures(report, history, null));
        assertThat(changes[0]).as("a new report with the same history redraws nothing").isZero();

        vm.apply(new SloFigures(report, new SloHistory(NOW - 60_000, NOW + 60_000, 60_000, history.objectives(),
                List.of(new SloBucket(NOW - 60_000, "tiny-chat", 10, 10, 10, 10), new SloBucket(NOW, "tiny-chat", 10, 9, 10, 10))), null));
        assertThat(changes[0]).isEqualTo(1);
    }

    @Test
    void shouldDrawNoCurveForAModelWithoutTrafficAndKeepTheFiguresWhenAReadFails() {
        SloViewModel vm = new SloViewModel();
        SloReport report = report(model("tiny-chat", 10, 10, burns(0.0, 0.0, 0.0, 0.0, 0.0), List.of()),
                model("tiny-docs", 0, 0, burns(null, null, null, null, null), List.of()));
        SloHistory history = new SloHistory(NOW - 60_000, NOW, 60_000, List.of(new SloHistory.Objective("tiny-chat", 0.995, 0.99, 2_000),
                new SloHistory.Objective("tiny-docs", 0.995, 0.99, 2_000)), List.of(new SloBucket(NOW - 60_000, "tiny-chat", 10, 10, 10, 10)));
        vm.apply(new SloFigures(report, history, null));
        assertThat(vm.curveProperty().get().isEmpty()).isFalse();

        vm.chartModelProperty().set("tiny-docs");
        assertThat(vm.curveProperty().get().isEmpty()).isTrue();

        vm.apply(new SloFigures(report, history, "connection refused"));
        assertThat(vm.rows()).hasSize(4);
        assertThat(vm.statusProperty().get()).endsWith("Last read failed: connection refused");
        assertThat(vm.report()).isSameAs(report);
    }

    @Test
    void shouldSayWhyThereAreNoFiguresBeforeTheFirstRead() {
        SloViewModel vm = new SloViewModel();

        vm.apply(SloFigures.NONE.failed("HTTP 503 state_unavailable"));

        assertThat(vm.rows()).isEmpty();
        assertThat(vm.statusProperty().get()).isEqualTo("SLO figures unavailable: HTTP 503 state_unavailable");
        assertThat(vm.report()).isNull();
    }
}
