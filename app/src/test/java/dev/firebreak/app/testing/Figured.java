package dev.firebreak.app.testing;

import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.Figures;
import dev.firebreak.app.figures.RecentSamples;

/** Figures as the connection computes them, for ViewModel tests. */
public final class Figured {

    private Figured() {
    }

    /** The figures of {@code snapshot} with no past: no rates yet. */
    public static ClusterFigures of(ClusterSnapshot snapshot) {
        RecentSamples samples = new RecentSamples(10);
        samples.add(snapshot);
        return Figures.compute(snapshot, samples, null, 10);
    }
}
