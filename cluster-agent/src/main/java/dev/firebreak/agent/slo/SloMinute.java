package dev.firebreak.agent.slo;

/**
 * One minute of one model on one node (or on none, {@code ""}: shed before any node was tried): the
 * requests counted for availability and how many succeeded, the answers timed for latency and how
 * many had their first token within the objective's threshold. Summed, it is the same record over a
 * longer span.
 */
public record SloMinute(long minuteMillis, String model, String node, long total, long good, long timed, long fast) {

    public static final long MINUTE_MILLIS = 60_000;

    /** The start of the minute {@code atMillis} falls in. */
    public static long minuteOf(long atMillis) {
        return atMillis - Math.floorMod(atMillis, MINUTE_MILLIS);
    }

    SloMinute plus(SloMinute other) {
        return new SloMinute(minuteMillis, model, node, total + other.total, good + other.good, timed + other.timed,
                fast + other.fast);
    }
}
