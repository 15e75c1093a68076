package dev.firebreak.app.figures;

import java.util.List;

/** The last minutes of one model, one point a second, oldest first, for the charts. */
public record Trend(String model, List<TrendPoint> points) {

    public Trend {
        points = List.copyOf(points);
    }

    public int size() {
        return points.size();
    }
}
