package dev.firebreak.agent.config;

/**
 * The circuit breaker every (model, node) gets, in Resilience4j's terms: over the last
 * {@code slidingWindowSize} calls (once {@code minimumNumberOfCalls} have been made), a failure
 * rate or a slow-call rate at or above its threshold opens it; it stays open for
 * {@code waitDurationInOpenStateMillis}, then lets {@code permittedNumberOfCallsInHalfOpenState}
 * trial calls decide whether it closes again.
 *
 * @param failureRateThreshold percent of failed calls (errors, refused connections, cut streams) that opens it
 * @param slowCallRateThreshold percent of slow calls that opens it
 * @param slowCallDurationThresholdMillis a call slower than this counts as slow
 * @param quietPeriodMillis a breaker a detector opened stays open while the finding holds, and this long after it
 *                          cleared, before trial calls may close it
 * @param findingRaiseChecks a detector must see a finding in this many checks running (one a second) to raise it
 * @param findingClearMillis a raised finding clears only once the detector has not seen it for this long
 * @param findingMinHoldMillis a raised finding stays raised at least this long, however soon its figures recover
 * @param timeoutsBeforeDown status scrapes that time out in a row before a node with no other sign of life is
 *                           down (a refused or reset connection is down at once; a node still answering the
 *                           gateway is slow, not down)
 */
public record BreakerConfig(Float failureRateThreshold, Float slowCallRateThreshold, Long slowCallDurationThresholdMillis,
                            Integer slidingWindowSize, Integer minimumNumberOfCalls, Long waitDurationInOpenStateMillis,
                            Integer permittedNumberOfCallsInHalfOpenState, Long quietPeriodMillis, Integer findingRaiseChecks,
                            Long findingClearMillis, Long findingMinHoldMillis, Integer timeoutsBeforeDown) {

    /** A breaker's longest quiet period: a detector holds a breaker open through Resilience4j for a day at a time. */
    public static final long MAX_QUIET_PERIOD_MILLIS = 3_600_000;

    public BreakerConfig {
        failureRateThreshold = failureRateThreshold == null ? 50f : failureRateThreshold;
        slowCallRateThreshold = slowCallRateThreshold == null ? 80f : slowCallRateThreshold;
        slowCallDurationThresholdMillis = slowCallDurationThresholdMillis == null ? 30_000 : slowCallDurationThresholdMillis;
        slidingWindowSize = slidingWindowSize == null ? 20 : slidingWindowSize;
        minimumNumberOfCalls = minimumNumberOfCalls == null ? 5 : minimumNumberOfCalls;
        waitDurationInOpenStateMillis = waitDurationInOpenStateMillis == null ? 5_000 : waitDurationInOpenStateMillis;
        permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState == null
                ? 2 : permittedNumberOfCallsInHalfOpenState;
        quietPeriodMillis = quietPeriodMillis == null ? 30_000 : quietPeriodMillis;
        findingRaiseChecks = findingRaiseChecks == null ? 1 : findingRaiseChecks;
        findingClearMillis = findingClearMillis == null ? 20_000 : findingClearMillis;
        findingMinHoldMillis = findingMinHoldMillis == null ? 60_000 : findingMinHoldMillis;
        timeoutsBeforeDown = timeoutsBeforeDown == null ? 3 : timeoutsBeforeDown;
        percent("failureRateThreshold", failureRateThreshold);
        percent("slowCallRateThreshold", slowCallRateThreshold);
        atLeast("slowCallDurationThresholdMillis", slowCallDurationThresholdMillis, 1, "");
        within("slidingWindowSize", slidingWindowSize, 1, 10_000);
        if (minimumNumberOfCalls < 1 || minimumNumberOfCalls > slidingWindowSize) {
            throw new IllegalArgumentException("gateway.breaker.minimumNumberOfCalls must be 1 to slidingWindowSize ("
                    + slidingWindowSize + "), got " + minimumNumberOfCalls);
        }
        atLeast("waitDurationInOpenStateMillis", waitDurationInOpenStateMillis, 1, "");
        atLeast("permittedNumberOfCallsInHalfOpenState", permittedNumberOfCallsInHalfOpenState, 1, "");
        within("quietPeriodMillis", quietPeriodMillis, 0, MAX_QUIET_PERIOD_MILLIS);
        within("findingRaiseChecks", findingRaiseChecks, 1, 60);
        atLeast("findingClearMillis", findingClearMillis, 1000, " (one check)");
        atLeast("findingMinHoldMillis", findingMinHoldMillis, 0, "");
        within("timeoutsBeforeDown", timeoutsBeforeDown, 1, 100);
    }

    /** The given call thresholds, with the default quiet period and finding hysteresis. */
    public BreakerConfig(Float failureRateThreshold, Float slowCallRateThreshold, Long slowCallDurationThresholdMillis,
                         Integer slidingWindowSize, Integer minimumNumberOfCalls, Long waitDurationInOpenStateMillis,
                         Integer permittedNumberOfCallsInHalfOpenState) {
        this(failureRateThreshold, slowCallRateThreshold, slowCallDurationThresholdMillis, slidingWindowSize,
                minimumNumberOfCalls, waitDurationInOpenStateMillis, permittedNumberOfCallsInHalfOpenState, null, null, null, null,
                null);
    }

    public static BreakerConfig defaults() {
        return new BreakerConfig(null, null, null, null, null, null, null);
    }

    private static void atLeast(String name, long value, long min, String why) {
        if (value < min) {
            throw new IllegalArgumentException("gateway.breaker." + name + " must be at least " + min + why + ", got " + value);
        }
    }

    private static void within(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("gateway.breaker." + name + " must be " + min + "-" + max + ", got " + value);
        }
    }

    private static void percent(String name, float value) {
        if (!(value > 0 && value <= 100)) {
            throw new IllegalArgumentException("gateway.breaker." + name + " must be above 0 and at most 100, got " + value);
        }
    }
}
