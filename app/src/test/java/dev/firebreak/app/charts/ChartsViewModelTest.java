package dev.firebreak.app.charts;

import dev.firebreak.app.figures.Trend;
import dev.firebreak.app.figures.TrendPoint;
import dev.firebreak.app.testing.Figured;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static dev.firebreak.app.testing.Clusters.model;
import static dev.firebreak.app.testing.Clusters.serving;
import static dev.firebreak.app.testing.Clusters.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

class ChartsViewModelTest {

    private final List<String> asked = new ArrayList<>();
    private final ChartsViewModel model = new ChartsViewModel(asked::add);

    @Test
    void shouldOfferTheWholeClusterAndEachNodeAndAskForTheTrendsOfTheChoice() {
        model.apply(Figured.of(snapshot(0, serving("a", model("chat", 0, 0, 0, 0, 0)), serving("b", model("chat", 0, 0, 0, 0, 0)))));

        assertThat(model.scopes()).containsExactly(ChartsViewModel.WHOLE_CLUSTER, "a", "b");
        assertThat(model.trendsProperty().get()).extracting(Trend::model).containsExactly("chat");

        model.scopeProperty().set("b");
        model.scopeProperty().set(ChartsViewModel.WHOLE_CLUSTER);

        assertThat(asked).containsExactly("b", null);
    }

    @Test
    void shouldGoBackToTheWholeClusterWhenTheChosenNodeLeaves() {
        model.apply(Figured.of(snapshot(0, serving("a", model("chat", 0, 0, 0, 0, 0)), serving("b", model("chat", 0, 0, 0, 0, 0)))));
        model.scopeProperty().set("b");

        model.apply(Figured.of(snapshot(0, serving("a", model("chat", 0, 0, 0, 0, 0)))));

        assertThat(model.scopeProperty().get()).isEqualTo(ChartsViewModel.WHOLE_CLUSTER);
        assertThat(asked).containsExactly("b", null);
    }

    @Test
    void shouldDrawEveryOtherSecondBackFromTheNewestInSecondsAgo() {
        Trend trend = new Trend("chat", LongStream.range(0, 5)
                .mapToObj(s -> new TrendPoint(s * 1000, s * 10, 0, 0, 0, 0)).toList());

        assertThat(ChartsViewModel.line(trend, Metric.KV_PERCENT)).containsExactly(
                new ChartPoint(-4, 0), new ChartPoint(-2, 20), new ChartPoint(0, 40));
        assertThat(ChartsViewModel.line(new Trend("chat", List.of()), Metric.KV_PERCENT)).isEmpty();
    }

    @Test
    void shouldDrawNoMorePointsThanTheChartHasRoomFor() {
        Trend trend = new Trend("chat", LongStream.range(0, 300)
                .mapToObj(s -> new TrendPoint(s * 1000, s, 0, 0, 0, 0)).toList());

        List<ChartPoint> line = ChartsViewModel.line(trend, Metric.KV_PERCENT, 50);

        assertThat(line).hasSizeLessThanOrEqualTo(50).hasSizeGreaterThanOrEqualTo(45);
        assertThat(line.getLast()).as("the newest point is always drawn").isEqualTo(new ChartPoint(0, 299));
        assertThat(ChartsViewModel.line(trend, Metric.KV_PERCENT)).hasSize(150);
    }
}
