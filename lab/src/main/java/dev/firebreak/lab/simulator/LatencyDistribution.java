package dev.firebreak.lab.simulator;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A log-normal latency, given as its median and 99th percentile in milliseconds: the long right tail
 * real serving latency has, fixed by the two figures an operator reads.
 */
public record LatencyDistribution(double medianMillis, double p99Millis) {

    /** The standard normal's 99th percentile. */
    private static final double Z99 = 2.326;

    public LatencyDistribution {
        if (!(medianMillis >= 0) || !(p99Millis >= medianMillis) || p99Millis > 600_000) {
            throw new IllegalArgumentException("latency must be median,p99 in ms with 0 <= median <= p99 <= 600000, got "
                    + medianMillis + "," + p99Millis);
        }
    }

    /** Reads {@code "median,p99"} in milliseconds, e.g. {@code 20,80}; one figure is a fixed latency. */
    public static LatencyDistribution parse(String text) {
        String[] parts = text.split(",");
        try {
            double median = Double.parseDouble(parts[0].strip());
            double p99 = parts.length > 1 ? Double.parseDouble(parts[1].strip()) : median;
            if (parts.length > 2) {
                throw new NumberFormatException();
            }
            return new LatencyDistribution(median, p99);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("latency '" + text + "' must be median,p99 in milliseconds, e.g. 20,80");
        }
    }

    /** One latency in seconds. */
    double sampleSeconds(SplittableRandom random) {
        if (medianMillis == 0) {
            return 0;
        }
        double sigma = Math.log(p99Millis / medianMillis) / Z99;
        return medianMillis * Math.exp(sigma * random.nextGaussian()) / 1000.0;
    }


    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.1f,%.1f", medianMillis, p99Millis);
    }
}
