package dev.firebreak.agent.api;

/**
 * One model's SLO events over one span (a day of a monthly report): requests counted for
 * availability and the good ones, answers timed for latency and the ones within the threshold.
 */
public record SloBucket(long startMillis, String model, long total, long good, long timed, long fast) {

    /** good / total, or {@code null} when nothing was counted: "no data", never 100%. */
    public Double availability() {
        return total == 0 ? null : (double) good / total;
    }

    /** fast / timed, or {@code null} when no answer was timed. */
    public Double latency() {
        return timed == 0 ? null : (double) fast / timed;
    }
}
