package dev.firebreak.app.slo;

import dev.firebreak.agent.api.SloBucket;
import dev.firebreak.agent.api.SloHistory;

import java.util.ArrayList;
import java.util.List;

/**
 * One model's error budget over the window, for the chart: at the end of each bucket, the share of
 * the budget left by everything counted since the window began (the agent's own figure, computed
 * over a growing span, so the last point is the budget left now). Buckets without traffic add no
 * point; a model without any has an empty curve ("no data").
 *
 * @param unit        what x counts back from now: "minutes", "hours" or "days"
 * @param availability points (x, budget left in %), x negative: before now
 * @param latency      the same for the latency objective
 */
public record BudgetCurve(String unit, List<Point> availability, List<Point> latency) {

    public static final BudgetCurve EMPTY = new BudgetCurve("minutes", List.of(), List.of());

    /** x in {@link #unit()} before now (0 is now), y the budget left in % (below 0 overspent). */
    public record Point(double x, double y) {
    }

    public BudgetCurve {
        availability = List.copyOf(availability);
        latency = List.copyOf(latency);
    }

    public boolean isEmpty() {
        return availability.isEmpty() && latency.isEmpty();
    }

    /** {@code model}'s curve in {@code history}, x counted back from {@code nowMillis}. */
    static BudgetCurve of(SloHistory history, String model, long nowMillis) {
        SloHistory.Objective objective = history.objectives().stream().filter(o -> o.model().equals(model)).findFirst().orElse(null);
        List<SloBucket> mine = history.buckets().stream().filter(b -> b.model().equals(model)).toList();
        if (objective == null || mine.isEmpty()) {
            return EMPTY;
        }
        long span = nowMillis - mine.getFirst().startMillis();
        String unit = span <= 2 * HOUR ? "minutes" : span <= 3 * DAY ? "hours" : "days";
        double per = switch (unit) {
            case "minutes" -> MINUTE;
            case "hours" -> HOUR;
            default -> DAY;
        };
        List<Point> availability = new ArrayList<>();
        List<Point> latency = new ArrayList<>();
        long total = 0;
        long good = 0;
        long timed = 0;
        long fast = 0;
        for (SloBucket b : mine) {
            total += b.total();
            good += b.good();
            timed += b.timed();
            fast += b.fast();
            double x = (Math.min(nowMillis, b.startMillis() + history.bucketMillis()) - nowMillis) / per;
            if (total > 0) {
                availability.add(new Point(x, 100 * left(good, total, objective.availability())));
            }
            if (timed > 0) {
                latency.add(new Point(x, 100 * left(fast, timed, objective.latency())));
            }
        }
        return new BudgetCurve(unit, availability, latency);
    }

    /** The budget left after {@code good} of {@code total} events: 1 - (bad share / allowed bad share). */
    static double left(long good, long total, double objective) {
        return 1 - ((double) (total - good) / total) / (1 - objective);
    }

    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
}
