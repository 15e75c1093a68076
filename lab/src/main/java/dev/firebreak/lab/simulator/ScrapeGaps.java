package dev.firebreak.lab.simulator;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The time between two scrapes of the same node, as the nodes see them: the agent keeps up when
 * each node is read once an interval, however many nodes there are. A scrape is the GET of the
 * endpoint the agent reads first for the node's kind (a Firebreak node's {@code /control/status},
 * an engine's {@code /metrics}, an OpenAI server's {@code /v1/models}).
 */
public final class ScrapeGaps {

    private final Recorder gaps = new Recorder(3);

    /** Records one gap, in nanoseconds. */
    void record(long nanos) {
        gaps.recordValue(Math.max(1, nanos / 1000));
    }

    /** The gaps in microseconds recorded since the last call (or since start). */
    public Histogram sinceLastCall() {
        return gaps.getIntervalHistogram();
    }
}
