package dev.firebreak.agent.detect;

import dev.firebreak.agent.api.ModelSample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared sums over a model's peers give each node the findings a plain list of its peers gives it. */
class PeersTest {

    @Test
    void shouldFindWhatAListOfThePeersFinds() {
        SplittableRandom random = new SplittableRandom(3);
        List<List<ModelSample>> series = new ArrayList<>();
        for (int node = 0; node < 12; node++) {
            // Some nodes answer "stop" far more often, some empty, some slowly; one stops answering.
            double stopShare = node % 4 == 0 ? 0.95 : 0.5;
            double emptyShare = node % 5 == 0 ? 0.4 : 0.02;
            long millis = node % 3 == 0 ? 2_500 : 800;
            boolean answering = node != 7;
            List<ModelSample> s = new ArrayList<>();
            long stops = 0, lengths = 0, empty = 0, answered = 0;
            for (int t = 0; t < 60; t++) {
                if (answering || t < 40) {
                    int n = 2 + random.nextInt(3);
                    for (int i = 0; i < n; i++) {
                        if (random.nextDouble() < stopShare) {
                            stops++;
                        } else {
                            lengths++;
                        }
                        empty += random.nextDouble() < emptyShare ? 1 : 0;
                        answered++;
                    }
                }
                s.add(new ModelSample(t * 1000L, true, 0.1, 100L, 1000L, 0L, 2, 0, 50.0, 0.1, stops + lengths, 0L, 0, stops,
                        lengths, empty, answered * millis, answered));
            }
            series.add(List.copyOf(s));
        }
        Peers.Model shared = new Peers.Model(series);
        int found = 0;
        for (int i = 0; i < series.size(); i++) {
            List<List<ModelSample>> plain = new ArrayList<>(series);
            plain.remove(i);
            Peers peers = shared.of(i);
            assertThat(peers).containsExactlyElementsOf(plain);
            List<Finding> viaList = Detectors.check("node-" + i, "m", series.get(i), plain, 2.0);
            assertThat(Detectors.check("node-" + i, "m", series.get(i), peers, 2.0)).isEqualTo(viaList);
            found += viaList.size();
        }
        assertThat(found).as("the series are made to raise findings").isGreaterThan(3);
    }
}
