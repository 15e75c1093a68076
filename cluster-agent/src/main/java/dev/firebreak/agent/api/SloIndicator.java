package dev.firebreak.agent.api;

import java.util.Map;

/**
 * One service level indicator of a model (or of a model on one node) over the SLO window.
 *
 * @param sli              {@code availability} or {@code latency}
 * @param objective        the share of events that must be good, 0-1
 * @param thresholdMillis  for latency: the time to first token an answer must beat; {@code null} for availability
 * @param good             good events in the window
 * @param total            events in the window
 * @param compliance       good / total, or {@code null} with {@code noData} when there were no events
 * @param budgetRemaining  the share of the error budget left, 1 untouched, 0 spent, below 0 overspent; {@code null} with no data
 * @param burnRates        by window ({@code 5m}, {@code 30m}, {@code 1h}, {@code 6h}, {@code 3d}): the bad share over that
 *                         window divided by the budget (1 spends it exactly over the SLO window); {@code null} for a
 *                         window with no events
 * @param noData           why there is no compliance ("no traffic in the window"), or {@code null}
 */
public record SloIndicator(String sli, double objective, Long thresholdMillis, long good, long total, Double compliance,
                           Double budgetRemaining, Map<String, Double> burnRates, String noData) {
}
