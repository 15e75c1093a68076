package dev.firebreak.agent.gameday;

import java.util.Map;

/**
 * What one model's clients saw in a scenario.
 *
 * @param onFaultyNode the faulty node serves this model (the bars are about the others)
 * @param stopShareBefore share of complete answers that ended with "stop" before the fault: the
 *                        synthetic models rarely stop by themselves, so a jump in it during the fault
 *                        shows whole answers cut short and reported complete (a gray failure no client can see)
 * @param errorCodes error codes seen over the whole run
 */
public record ModelFigures(String model, boolean onFaultyNode, Phase before, Phase during, Phase after,
                           double stopShareBefore, double stopShareDuring, Map<String, Long> errorCodes) {

    public ModelFigures {
        errorCodes = Map.copyOf(errorCodes);
    }

    /** Goodput during the fault as a share of before. */
    public double goodputKept() {
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
