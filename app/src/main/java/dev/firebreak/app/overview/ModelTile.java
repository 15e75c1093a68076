package dev.firebreak.app.overview;

import dev.firebreak.app.figures.Health;
import dev.firebreak.app.figures.ModelFigures;

import java.util.Locale;

/**
 * What one model's card says, as text: the card only places it.
 *
 * @param badge "" when healthy, else its trouble, e.g. "OPEN" or "WARMING UP"
 */
public record ModelTile(String model, String requests, String errors, String ttft, String detail, double kvPercent,
                        String badge, Health health, String tooltip) {

    static ModelTile of(ModelFigures m) {
        String ttft = m.ttftP99Seconds() >= 1 ? String.format(Locale.ROOT, "%.1f s", m.ttftP99Seconds())
                : String.format(Locale.ROOT, "%.0f ms", m.ttftP99Seconds() * 1000);
        String detail = "breakers " + m.breakersText() + " · " + m.nodesServing() + "/" + m.nodesTotal() + " nodes"
                + (m.nodesWarming() == 0 ? "" : " · " + m.nodesWarming() + " warming up")
                + (m.fallback() == null ? "" : " · fallback " + m.fallback());
        String badge = m.health() == Health.HEALTHY ? "" : m.startingUp() ? "WARMING UP" : m.health().name();
        String tooltip = m.model() + ": " + m.nodesServing() + " of " + m.nodesTotal() + " nodes serving; breakers "
                + m.breakersText() + (m.alert() == null ? "" : "\n" + m.alert());
        return new ModelTile(m.model(), String.format(Locale.ROOT, "%.1f", m.requestsPerSecond()),
                Double.isNaN(m.errorPercent()) ? "—" : String.format(Locale.ROOT, "%.1f%%", m.errorPercent()), ttft, detail,
                100 * m.kvUsage(), badge, m.health(), tooltip);
    }
}
