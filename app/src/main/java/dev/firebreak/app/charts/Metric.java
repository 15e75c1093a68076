package dev.firebreak.app.charts;

import dev.firebreak.app.figures.TrendPoint;

import java.util.function.ToDoubleFunction;

/** What one chart draws, a line per model. */
public enum Metric {
    KV_PERCENT("KV cache used (%)", TrendPoint::kvPercent),
    ERRORS("Errors per second", TrendPoint::errorsPerSecond),
    TTFT("p99 time to first token (ms)", TrendPoint::ttftP99Millis),
    TOKENS("Tokens per second", TrendPoint::tokensPerSecond);

    private final String title;
    private final ToDoubleFunction<TrendPoint> value;

    Metric(String title, ToDoubleFunction<TrendPoint> value) {
        this.title = title;
        this.value = value;
    }

    public String title() {
        return title;
    }

    double of(TrendPoint point) {
        return value.applyAsDouble(point);
    }
}
