package dev.firebreak.agent.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why one breaker is held open by detectors, and since when it has been quiet. The findings that
 * hold it are kept by kind (a leak and a stall can hold the same breaker); it is HELD while any
 * finding is in force and QUIET once the last one cleared, and it lets the breaker go once it has
 * been quiet for the quiet period. A finding raised again while QUIET holds it again, with no
 * change the gateway or the timeline would see.
 */
final class DetectorHold {

    /** Where a hold is: a finding in force, or all cleared and waiting out the quiet period. */
    enum Phase { HELD, QUIET }

    private final Map<String, String> reasons = new LinkedHashMap<>();
    private Phase phase = Phase.HELD;
    private long quietSinceMillis;
    private String lastReason;

    /** A hold raised by the finding of {@code kind}. */
    DetectorHold(String kind, String reason) {
        raise(kind, reason);
    }

    /** The finding of {@code kind} is in force (new, or seen again): HELD -> HELD, QUIET -> HELD. */
    synchronized void raise(String kind, String reason) {
        reasons.put(kind, reason);
        lastReason = reason;
        phase = Phase.HELD;
    }

    /** The finding of {@code kind} cleared; the last one to clear makes the hold QUIET (HELD -> QUIET). */
    synchronized void clear(String kind, long nowMillis) {
        if (reasons.remove(kind) != null && reasons.isEmpty() && phase == Phase.HELD) {
            phase = Phase.QUIET;
            quietSinceMillis = nowMillis;
        }
    }

    synchronized Phase phase() {
        return phase;
    }

    /** True once the hold has been QUIET for {@code quietMillis}: the breaker may go half-open. */
    synchronized boolean spent(long nowMillis, long quietMillis) {
        return phase == Phase.QUIET && nowMillis - quietSinceMillis >= quietMillis;
    }

    /** Why the breaker is open: every finding in force, or, when quiet, the last one and that it cleared. */
    synchronized String reason(long nowMillis) {
        if (phase == Phase.QUIET) {
            return lastReason + " (cleared " + (nowMillis - quietSinceMillis) / 1000 + " s ago, waiting out the quiet period)";
        }
        return String.join("; ", reasons.values());
    }
}
