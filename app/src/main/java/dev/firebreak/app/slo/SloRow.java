package dev.firebreak.app.slo;

import dev.firebreak.agent.api.SloIndicator;

import java.util.List;
import java.util.Locale;

/**
 * One line of the SLO table: one indicator of one model, in words and figures. A model without
 * traffic in the window reads "no data", never 100%, and a burn-rate window without traffic "n/a".
 *
 * @param budgetLeft the share of the error budget left (below 0 overspent), {@code null} with no data
 * @param burns      the burn rate over each of {@link #WINDOWS}, as text
 */
public record SloRow(String model, String indicator, String objective, String compliance, Double budgetLeft,
                     BudgetLevel level, String budget, List<String> burns) {

    /** The burn-rate windows the agent reports, in its order (pinned against the agent by a test). */
    public static final List<String> WINDOWS = List.of("5m", "30m", "1h", "6h", "3d");
    static final String NO_DATA = "no data";
    static final String NOT_AVAILABLE = "n/a";

    public SloRow {
        burns = List.copyOf(burns);
    }

    static SloRow of(String model, SloIndicator sli) {
        String objective = percent(sli.objective()) + (sli.thresholdMillis() == null ? ""
                : " under " + duration(sli.thresholdMillis()));
        String compliance = sli.compliance() == null ? NO_DATA
                : String.format(Locale.ROOT, "%s (%d of %d)", percent(sli.compliance()), sli.good(), sli.total());
        String budget = sli.budgetRemaining() == null ? NO_DATA : String.format(Locale.ROOT, "%.0f%%", 100 * sli.budgetRemaining());
        List<String> burns = WINDOWS.stream().map(w -> times(sli.burnRates().get(w))).toList();
        return new SloRow(model, sli.sli(), objective, compliance, sli.budgetRemaining(), BudgetLevel.of(sli.budgetRemaining()),
                budget, burns);
    }

    /** A burn rate, "2.5x", or "n/a" for a window without traffic. */
    static String times(Double burn) {
        return burn == null ? NOT_AVAILABLE : String.format(Locale.ROOT, burn >= 10 ? "%.0fx" : "%.1fx", burn);
    }

    /** A share as a percentage with the decimals an objective needs: 99.5%, 99.95%, 100%. */
    static String percent(double share) {
        return java.math.BigDecimal.valueOf(100 * share).setScale(2, java.math.RoundingMode.HALF_EVEN)
                .stripTrailingZeros().toPlainString() + "%";
    }

    static String duration(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
