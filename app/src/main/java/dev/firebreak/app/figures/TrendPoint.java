package dev.firebreak.app.figures;

/**
 * One second of one model on a chart, summed over the nodes counted.
 *
 * @param atMillis the newest sample of that second
 * @param kvPercent KV blocks in use, percent
 * @param ttftP99Millis the worst p99 time to first token among the nodes counted
 */
public record TrendPoint(long atMillis, double kvPercent, double requestsPerSecond, double errorsPerSecond,
                         double ttftP99Millis, double tokensPerSecond) {
}
