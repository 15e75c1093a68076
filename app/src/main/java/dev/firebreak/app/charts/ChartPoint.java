package dev.firebreak.app.charts;

/** One point of a chart line: how many seconds before the newest point, and the value then. */
public record ChartPoint(double secondsAgo, double value) {
}
