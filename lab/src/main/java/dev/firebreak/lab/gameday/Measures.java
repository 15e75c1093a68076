package dev.firebreak.lab.gameday;

import dev.firebreak.lab.loadgen.Outcome;
import dev.firebreak.lab.loadgen.RequestResult;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Phase figures from every request's result; a request belongs to the phase in which it ended. */
final class Measures {

    private final Scenario scenario;
    private final long t0;
    private final List<RequestResult> results;

    Measures(Scenario scenario, long t0Nanos, List<RequestResult> results) {
        this.scenario = scenario;
        this.t0 = t0Nanos;
        this.results = List.copyOf(results);
    }

    private double endSeconds(RequestResult r) {
        return (r.endNanos() - t0) / 1e9;
    }

    private double startSeconds(RequestResult r) {
        return (r.startNanos() - t0) / 1e9;
    }

    ModelFigures model(String model, boolean onFaultyNode, BudgetSpent budget) {
        List<RequestResult> mine = results.stream().filter(r -> r.model().equals(model)).toList();
        Map<String, Long> codes = new TreeMap<>();
        mine.stream().filter(r -> r.errorCode() != null).forEach(r -> codes.merge(r.errorCode(), 1L, Long::sum));
        return new ModelFigures(model, onFaultyNode,
                phase(mine, scenario.beforeFrom(), scenario.faultAt()),
                phase(mine, scenario.faultAt(), scenario.afterFrom()),
                phase(mine, scenario.afterFrom(), scenario.seconds()),
                stopShare(mine, scenario.beforeFrom(), scenario.faultAt()),
                stopShare(mine, scenario.faultAt(), scenario.afterFrom()), codes, budget);
    }

    private Phase phase(List<RequestResult> mine, double from, double to) {
        double seconds = to - from;
        long ok = 0;
        long errors = 0;
        long shed = 0;
        long truncated = 0;
        long offered = 0;
        Histogram okLatency = new Histogram(3_600_000_000L, 2);
        Histogram shedLatency = new Histogram(3_600_000_000L, 2);
        for (RequestResult r : mine) {
            double start = startSeconds(r);
            if (start >= from && start < to) {
                offered++;
            }
            double end = endSeconds(r);
            if (end < from || end >= to) {
                continue;
            }
            switch (r.outcome()) {
                case OK -> {
                    ok++;
                    okLatency.recordValue(Math.max(0, r.latencyMicros()));
                }
                case ERROR -> errors++;
                case SHED -> {
                    shed++;
                    shedLatency.recordValue(Math.max(0, r.latencyMicros()));
                }
                case TRUNCATED -> truncated++;
            }
        }
        long ended = ok + errors + shed + truncated;
        return new Phase(ok / seconds, offered / seconds, ended == 0 ? Double.NaN : (double) ok / ended,
                ended == 0 ? 0 : (double) errors / ended,
                ended == 0 ? 0 : (double) shed / ended, truncated, millis(okLatency, 50), millis(okLatency, 99),
                millis(shedLatency, 99));
    }

    private double stopShare(List<RequestResult> mine, double from, double to) {
        List<RequestResult> ok = mine.stream().filter(r -> r.outcome() == Outcome.OK)
                .filter(r -> endSeconds(r) >= from && endSeconds(r) < to).toList();
        return ok.isEmpty() ? Double.NaN : ok.stream().filter(r -> "stop".equals(r.finishReason())).count() / (double) ok.size();
    }

    /** Milliseconds from the fault to the end of the first request shed with 429 after it, or null. */
    Long firstShedAfterFault() {
        return results.stream().filter(r -> r.outcome() == Outcome.SHED).mapToDouble(this::endSeconds)
                .filter(end -> end >= scenario.faultAt()).min()
                .stream().mapToObj(end -> (long) ((end - scenario.faultAt()) * 1000)).findFirst().orElse(null);
    }

    private static double millis(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
