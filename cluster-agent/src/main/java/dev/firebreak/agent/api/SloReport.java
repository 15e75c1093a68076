package dev.firebreak.agent.api;

import java.util.List;

/** {@code GET /api/v1/slo}: every model's objectives and how it stands, at {@code atMillis}, over {@code windowMillis}. */
public record SloReport(long atMillis, long windowMillis, List<ModelSlo> models) {

    public SloReport {
        models = List.copyOf(models);
    }
}
