package dev.firebreak.app.figures;

/** The samples of one second summed over nodes, before they become a {@link TrendPoint}. */
record SecondSums(long atMillis, long kvUsed, long kvTotal, double requestsPerSecond, double errorsPerSecond,
                  double ttftP99Millis, double tokensPerSecond) {

    /** A node that was down that second counts for the time only. */
    static SecondSums down(long atMillis) {
        return new SecondSums(atMillis, 0, 0, 0, 0, 0, 0);
    }

    /** Both nodes' figures: counts and rates add up, the time and the p99 are the later and the worse. */
    SecondSums plus(SecondSums other) {
        return new SecondSums(Math.max(atMillis, other.atMillis), kvUsed + other.kvUsed, kvTotal + other.kvTotal,
                requestsPerSecond + other.requestsPerSecond, errorsPerSecond + other.errorsPerSecond,
                Math.max(ttftP99Millis, other.ttftP99Millis), tokensPerSecond + other.tokensPerSecond);
    }

    TrendPoint point() {
        return new TrendPoint(atMillis, kvTotal == 0 ? 0 : 100.0 * kvUsed / kvTotal, requestsPerSecond, errorsPerSecond,
                ttftP99Millis, tokensPerSecond);
    }
}
