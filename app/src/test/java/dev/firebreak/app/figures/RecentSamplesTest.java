package dev.firebreak.app.figures;

import dev.firebreak.agent.api.ModelSample;
import dev.firebreak.agent.api.Series;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.firebreak.app.testing.Clusters.model;
import static dev.firebreak.app.testing.Clusters.serving;
import static dev.firebreak.app.testing.Clusters.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

class RecentSamplesTest {

    private static final RecentSamples.Key A_CHAT = new RecentSamples.Key("a", "chat");
    private final RecentSamples samples = new RecentSamples(3);

    private void at(long millis, long ok) {
        samples.add(snapshot(millis, serving("a", model("chat", 10, 1, ok, 2, 0.1))));
    }

    @Test
    void shouldKeepOnlyTheLastSamplesOfEachSeries() {
        for (int s = 0; s < 5; s++) {
            at(s * 1000L, s);
        }

        assertThat(samples.last(A_CHAT, 10)).extracting(ModelSample::atMillis).containsExactly(2000L, 3000L, 4000L);
        assertThat(samples.keys()).containsExactly(A_CHAT);
    }

    @Test
    void shouldCountStopsAndLengthsAsFinishedAndTheRestAsErrorsAsTheAgentDoes() {
        at(1000, 7);

        ModelSample sample = samples.last(A_CHAT, 1).getFirst();
        assertThat(sample.finished()).isEqualTo(7);
        assertThat(sample.errors()).isEqualTo(2);
    }

    @Test
    void shouldIgnoreASnapshotSeenTwice() {
        at(1000, 1);
        at(1000, 1);

        assertThat(samples.last(A_CHAT, 10)).hasSize(1);
    }

    @Test
    void shouldPutTheAgentsPastBeforeWhatItHoldsAndNoMoreThanItKeeps() {
        at(5000, 5);
        List<ModelSample> past = List.of(sample(2000), sample(3000), sample(4000), sample(5000));

        samples.backfill(List.of(new Series("a", "chat", past)));

        assertThat(samples.last(A_CHAT, 10)).extracting(ModelSample::atMillis).containsExactly(3000L, 4000L, 5000L);
    }

    private static ModelSample sample(long atMillis) {
        return new ModelSample(atMillis, true, 0.0, 0L, 100L, 0L, 0, 0, 0.0, 0.0, 0L, 0L, 0, 0, 0, 0, 0, 0);
    }
}
