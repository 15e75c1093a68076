package dev.firebreak.lab.loadgen;

/**
 * One model's traffic in one second of a run. Requests count in the second they were due; outcomes
 * and latencies in the second they ended. Percentiles are NaN when no request of that kind ended.
 *
 * @param second seconds since the run started (0 is the first second)
 * @param epochMillis wall-clock start of that second
 */
public record SecondStats(String model, long second, long epochMillis, long sent, long ok, long errors, long shed,
                          long truncated, double p50TtftMillis, double p99TtftMillis, double p50LatencyMillis,
                          double p99LatencyMillis) {

    /** Answers that ended complete in this second: the goodput. */
    public long goodput() {
        return ok;
    }
}
