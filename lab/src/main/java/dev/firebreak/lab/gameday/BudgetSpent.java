package dev.firebreak.lab.gameday;

import dev.firebreak.agent.api.SloIndicator;

/**
 * The error budget one model spent in a scenario, by the agent's own SLO indicators over the run's
 * requests as its clients saw them.
 *
 * @param availability the share of requests answered, with its objective (the agent's default 99.5%)
 * @param latency      the share of answers whose first token came within the threshold (99% under 2 s)
 * @param runMillis    how long the traffic ran
 * @param windowMillis the SLO window the budget is for (28 days)
 */
public record BudgetSpent(SloIndicator availability, SloIndicator latency, long runMillis, long windowMillis) {

    /**
     * How fast the run spent the indicator's budget: its bad share over the allowed one (1 spends the
     * window's budget exactly over the window); {@code null} with no events.
     */
    public static Double burn(SloIndicator sli) {
        return sli.budgetRemaining() == null ? null : 1 - sli.budgetRemaining();
    }

    /**
     * The share of the window's whole budget the run spent, had the model this traffic all window:
     * the burn rate times the run's share of the window. {@code null} with no events.
     */
    public Double spent(SloIndicator sli) {
        Double burn = burn(sli);
        return burn == null ? null : burn * runMillis / windowMillis;
    }
}
