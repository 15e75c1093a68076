package dev.firebreak.lab.gameday;

import java.util.Map;

/**
 * What one model's clients saw in a scenario.
 *
 * @param onFaultyNode the faulty node serves this model (the bars are about the others)
 * @param stopShareBefore share of complete answers that ended with "stop" before the fault: the
 *                        synthetic models rarely stop by themselves, so a jump in it during the fault
 *                        shows whole answers cut short and reported complete (a gray failure no client can see)
 * @param errorCodes error codes seen over the whole run
 * @param budget the error budget the model spent over the whole run, by the agent's SLO indicators
 */
public record ModelFigures(String model, boolean onFaultyNode, Phase before, Phase during, Phase after,
                           double stopShareBefore, double stopShareDuring, Map<String, Long> errorCodes, BudgetSpent budget) {

    public ModelFigures {
        errorCodes = Map.copyOf(errorCodes);
    }

    /**
     * Goodput during the fault as a share of before, per request: the share of requests answered
     * completely, during against before. Both phases are sent the same Poisson rate, and a phase
     * of 40-50 arrivals differs from the next by 15% by luck alone, which a ratio of answers per
     * second would count as loss or gain.
     */
    public double goodputKept() {
        return before.okShare() > 0 ? during.okShare() / before.okShare() : Double.NaN;
    }

    /** Goodput during over before, per second: what an overload leaves served while its excess is shed. */
    public double goodputHeld() {
        return before.goodput() == 0 ? Double.NaN : during.goodput() / before.goodput();
    }

    /** p99 latency during the fault over p99 before. */
    public double p99Ratio() {
        return during.p99Millis() / before.p99Millis();
    }

    public long truncatedAsSuccess() {
        return before.truncated() + during.truncated() + after.truncated();
    }
}
