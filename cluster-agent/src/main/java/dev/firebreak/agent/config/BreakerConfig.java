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
 */
public record BreakerConfig(Float failureRateThreshold, Float slowCallRateThreshold, Long slowCallDurationThresholdMillis,
                            Integer slidingWindowSize, Integer minimumNumberOfCalls, Long waitDurationInOpenStateMillis,
                            Integer permittedNumberOfCallsInHalfOpenState) {

    public BreakerConfig {
        failureRateThreshold = failureRateThreshold == null ? 50f : failureRateThreshold;
        slowCallRateThreshold = slowCallRateThreshold == null ? 80f : slowCallRateThreshold;
        slowCallDurationThresholdMillis = slowCallDurationThresholdMillis == null ? 30_000 : slowCallDurationThresholdMillis;
        slidingWindowSize = slidingWindowSize == null ? 20 : slidingWindowSize;
        minimumNumberOfCalls = minimumNumberOfCalls == null ? 5 : minimumNumberOfCalls;
        waitDurationInOpenStateMillis = waitDurationInOpenStateMillis == null ? 5_000 : waitDurationInOpenStateMillis;
        permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState == null
                ? 2 : permittedNumberOfCallsInHalfOpenState;
        percent("failureRateThreshold", failureRateThreshold);
        percent("slowCallRateThreshold", slowCallRateThreshold);
        if (slowCallDurationThresholdMillis < 1) {
            throw new IllegalArgumentException("gateway.breaker.slowCallDurationThresholdMillis must be at least 1, got "
                    + slowCallDurationThresholdMillis);
        }
        if (slidingWindowSize < 1 || slidingWindowSize > 10_000) {
            throw new IllegalArgumentException("gateway.breaker.slidingWindowSize must be 1-10000, got " + slidingWindowSize);
        }
        if (minimumNumberOfCalls < 1 || minimumNumberOfCalls > slidingWindowSize) {
            throw new IllegalArgumentException("gateway.breaker.minimumNumberOfCalls must be 1 to slidingWindowSize ("
                    + slidingWindowSize + "), got " + minimumNumberOfCalls);
        }
        if (waitDurationInOpenStateMillis < 1) {
            throw new IllegalArgumentException("gateway.breaker.waitDurationInOpenStateMillis must be at least 1, got "
                    + waitDurationInOpenStateMillis);
        }
        if (permittedNumberOfCallsInHalfOpenState < 1) {
            throw new IllegalArgumentException("gateway.breaker.permittedNumberOfCallsInHalfOpenState must be at least 1, got "
                    + permittedNumberOfCallsInHalfOpenState);
        }
    }

    public static BreakerConfig defaults() {
        return new BreakerConfig(null, null, null, null, null, null, null);
    }

    private static void percent(String name, float value) {
        if (!(value > 0 && value <= 100)) {
            throw new IllegalArgumentException("gateway.breaker." + name + " must be above 0 and at most 100, got " + value);
        }
    }
}
