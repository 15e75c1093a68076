package dev.firebreak.agent.gateway;

import dev.firebreak.agent.api.ModelSample.GatewayCounts;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the gateway saw of one node's answers for one model since the agent started, the signals of
 * the gray-failure and slow-node detectors: cut streams, complete answers by finish reason, answers
 * with no text, and how long the complete answers took.
 */
final class AnswerCounts {

    private final LongAdder truncated = new LongAdder();
    private final LongAdder stops = new LongAdder();
    private final LongAdder lengths = new LongAdder();
    private final LongAdder empty = new LongAdder();
    private final LongAdder answeredMillis = new LongAdder();
    private final LongAdder answered = new LongAdder();

    /** A stream that ended without its final event. */
    void truncated() {
        truncated.increment();
    }

    /** One complete answer: its finish reason ("stop", "length" or other), whether it carried text, how long it took. */
    void answered(String finishReason, boolean noText, long millis) {
        answeredMillis.add(millis);
        answered.increment();
        if ("stop".equals(finishReason)) {
            stops.increment();
        } else if ("length".equals(finishReason)) {
            lengths.increment();
        }
        if (noText) {
            empty.increment();
        }
    }

    GatewayCounts snapshot() {
        return new GatewayCounts(truncated.sum(), stops.sum(), lengths.sum(), empty.sum(), answeredMillis.sum(), answered.sum());
    }
}
