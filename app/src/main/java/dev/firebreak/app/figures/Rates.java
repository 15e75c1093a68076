package dev.firebreak.app.figures;

import dev.firebreak.agent.api.ModelSample;

import java.util.List;
import java.util.function.ToLongFunction;

/** Per-second rates from the nodes' counters. */
final class Rates {

    private Rates() {
    }

    /** Requests a node answered or failed: what a request rate counts. */
    static long requests(ModelSample s) {
        return s.completed() + (s.errors() == null ? 0 : s.errors());
    }

    /** Per second, from the first to the last point; a counter that went back (a node restarted) counts from zero. */
    static double perSecond(List<ModelSample> points, ToLongFunction<ModelSample> counter) {
        if (points.size() < 2) {
            return 0;
        }
        return between(points.getFirst(), points.getLast(), counter);
    }

    static double between(ModelSample first, ModelSample last, ToLongFunction<ModelSample> counter) {
        double seconds = (last.atMillis() - first.atMillis()) / 1000.0;
        if (seconds <= 0) {
            return 0;
        }
        long delta = counter.applyAsLong(last) - counter.applyAsLong(first);
        return (delta >= 0 ? delta : counter.applyAsLong(last)) / seconds;
    }
}
