package dev.firebreak.app.slo;

import dev.firebreak.agent.api.SloHistory;
import dev.firebreak.agent.api.SloReport;

/**
 * What the console last read of the agent's SLOs, as one immutable value for the FX thread.
 *
 * @param report  every model's standing ({@code GET /api/v1/slo}), or {@code null} before the first read
 * @param history each model's events over the window for the budget chart, or {@code null} before the first read
 * @param unavailable why the last read failed, or {@code null} when it worked
 */
public record SloFigures(SloReport report, SloHistory history, String unavailable) {

    public static final SloFigures NONE = new SloFigures(null, null, null);

    SloFigures withReport(SloReport newest) {
        return new SloFigures(newest, history, null);
    }

    SloFigures withHistory(SloHistory newest) {
        return new SloFigures(report, newest, unavailable);
    }

    SloFigures failed(String why) {
        return new SloFigures(report, history, why);
    }
}
