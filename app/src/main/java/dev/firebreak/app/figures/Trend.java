package dev.firebreak.app.figures;

/**
 * The last minutes of one model, one point a second, oldest first, for the charts. All arrays
 * have the same length.
 *
 * @param kvPercent KV blocks in use, percent
 * @param ttftP99Millis the worst p99 time to first token among the nodes counted
 */
public record Trend(String model, long[] atMillis, double[] kvPercent, double[] requestsPerSecond,
                    double[] errorsPerSecond, double[] ttftP99Millis, double[] tokensPerSecond) {

    public int size() {
        return atMillis.length;
    }
}
