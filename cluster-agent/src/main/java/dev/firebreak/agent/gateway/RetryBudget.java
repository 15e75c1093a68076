package dev.firebreak.agent.gateway;

import java.time.InstantSource;

/**
 * Caps retries at a share of requests over a ten-second window (plus a few, so a quiet gateway
 * can still retry once): retries must not multiply load onto a struggling cluster.
 */
final class RetryBudget {

    private static final long WINDOW_MILLIS = 10_000;
    private static final int MIN_RETRIES = 3;

    private final double ratio;
    private final InstantSource clock;
    private long windowStart;
    private long requests;
    private long retries;

    RetryBudget(double ratio, InstantSource clock) {
        this.ratio = ratio;
        this.clock = clock;
        this.windowStart = clock.millis();
    }

    synchronized void onRequest() {
        roll();
        requests++;
    }

    /** Takes one retry from the budget, or returns false when it is spent. */
    synchronized boolean tryRetry() {
        roll();
        if (retries + 1 > MIN_RETRIES + ratio * requests) {
            return false;
        }
        retries++;
        return true;
    }

    private void roll() {
        long now = clock.millis();
        if (now - windowStart >= WINDOW_MILLIS) {
            windowStart = now;
            requests = 0;
            retries = 0;
        }
    }
}
