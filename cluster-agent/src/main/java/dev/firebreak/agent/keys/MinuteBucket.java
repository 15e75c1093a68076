package dev.firebreak.agent.keys;

/**
 * A token bucket holding at most one minute's allowance, refilled continuously: a limit per minute
 * that allows a burst of up to the minute's figure and then the steady rate. Tokens of an answer are
 * known only once it is done, so {@link #spend} may take the level below zero; the key then waits
 * until the debt is paid back.
 */
final class MinuteBucket {

    private static final double MINUTE_MILLIS = 60_000;

    private final double capacity;
    private double level;
    private long lastMillis;

    MinuteBucket(int perMinute, long nowMillis) {
        this.capacity = perMinute;
        this.level = perMinute;
        this.lastMillis = nowMillis;
    }

    private void refill(long nowMillis) {
        if (nowMillis > lastMillis) {
            level = Math.min(capacity, level + (nowMillis - lastMillis) * capacity / MINUTE_MILLIS);
            lastMillis = nowMillis;
        }
    }

    /** Whether at least {@code needed} is left now. */
    synchronized boolean has(double needed, long nowMillis) {
        refill(nowMillis);
        return level >= needed;
    }

    synchronized void spend(double amount, long nowMillis) {
        refill(nowMillis);
        level -= amount;
    }

    /** Milliseconds until {@code needed} is left, 0 when it is now. */
    synchronized long millisUntil(double needed, long nowMillis) {
        refill(nowMillis);
        return level >= needed ? 0 : (long) Math.ceil((needed - level) * MINUTE_MILLIS / capacity);
    }
}
