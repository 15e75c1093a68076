package dev.firebreak.lab.gameday;

/**
 * One model's traffic in one phase of a scenario. Latencies are of complete answers, in milliseconds
 * (NaN when none); rates are shares of the requests that ended in the phase.
 *
 * @param goodput complete answers per second
 * @param truncated answers that looked like a success but were cut (streams without [DONE], no finish reason)
 * @param okShare complete answers among the requests that ended in the phase (NaN when none ended)
 * @param shedP99Millis how fast a shed request got its 429 (NaN when none was shed)
 */
public record Phase(double goodput, double offeredPerSecond, double okShare, double errorRate, double shedRate,
                    long truncated, double p50Millis, double p99Millis, double shedP99Millis) {
}
