package dev.firebreak.lab.loadgen;

import java.util.Map;

/** Everything one model's requests came to since the run started; percentiles NaN when none. */
public record ModelTotals(long sent, long ok, long errors, long shed, long truncated, Map<String, Long> errorCodes,
                          double p50TtftMillis, double p99TtftMillis, double p50LatencyMillis, double p99LatencyMillis) {

    public ModelTotals {
        errorCodes = Map.copyOf(errorCodes);
    }

    /** Requests that ended, whatever the outcome. */
    public long ended() {
        return ok + errors + shed + truncated;
    }
}
