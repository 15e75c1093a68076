package dev.firebreak.node.api;

import java.time.Duration;

/**
 * How long a draining node gives its in-flight work before it cancels the rest: the one rule the
 * node, the agent's drain action and its command line share (default, bounds, when it ends).
 */
public record DrainDeadline(Duration time) {

    public static final long DEFAULT_SECONDS = 30;
    /** A drain that outlives an hour is an outage, not a drain. */
    public static final long MAX_SECONDS = 3600;
    public static final DrainDeadline DEFAULT = new DrainDeadline(Duration.ofSeconds(DEFAULT_SECONDS));

    public DrainDeadline {
        if (time == null || time.isNegative() || time.compareTo(Duration.ofSeconds(MAX_SECONDS)) > 0) {
            throw new IllegalArgumentException("deadlineSeconds must be between 0 and " + MAX_SECONDS + ", got "
                    + (time == null ? null : time.toSeconds()));
        }
    }

    /** The deadline a drain request asks for; {@code null} means {@link #DEFAULT}. */
    public static DrainDeadline ofSeconds(Long seconds) {
        return seconds == null ? DEFAULT : new DrainDeadline(Duration.ofSeconds(seconds));
    }

    public long seconds() {
        return time.toSeconds();
    }

    /** Epoch millis at which a drain started at {@code startedAtMillis} cancels what it still holds. */
    public long endsAt(long startedAtMillis) {
        return startedAtMillis + time.toMillis();
    }
}
