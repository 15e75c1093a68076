package dev.firebreak.agent.loadgen;

import java.util.List;
import java.util.Optional;

/**
 * A load run at one moment: what the console polls.
 *
 * @param windowSeconds how many complete seconds the rates and percentiles of {@link #models} cover
 * @param sending false once the run reached its duration or request count, or was closed
 */
public record LoadStats(double elapsedSeconds, int windowSeconds, int inFlight, boolean sending, List<ModelStats> models) {

    public LoadStats {
        models = List.copyOf(models);
    }

    public Optional<ModelStats> model(String name) {
        return models.stream().filter(m -> m.model().equals(name)).findFirst();
    }
}
