package dev.firebreak.node.engine.batch;

/** Told of every latency a model's engine measures (for metrics exporters). */
public interface LatencyListener {

    /** What was measured. */
    enum Kind { TIME_TO_FIRST_TOKEN, TIME_PER_OUTPUT_TOKEN, END_TO_END }

    void observe(Kind kind, double seconds);

    LatencyListener NONE = (kind, seconds) -> { };
}
