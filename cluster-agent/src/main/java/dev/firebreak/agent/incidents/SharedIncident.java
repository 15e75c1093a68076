package dev.firebreak.agent.incidents;

import dev.firebreak.agent.api.Incident;

import java.util.HashMap;
import java.util.Map;

/**
 * An incident as the store keeps it for every agent: the incident itself and its holders, the agents
 * whose findings still raise it, each with when it last said so. It ends once it has no holder left
 * that spoke within {@link #HOLDER_LAPSES_AFTER_MILLIS}.
 */
public record SharedIncident(Incident incident, Map<String, Long> holders) {

    /** A holder not heard from for this long (an agent that died) no longer keeps the incident open. */
    public static final long HOLDER_LAPSES_AFTER_MILLIS = 60_000;

    public SharedIncident {
        holders = Map.copyOf(holders);
    }

    SharedIncident with(Incident changed) {
        return new SharedIncident(changed, holders);
    }

    /** With {@code agent} holding it as of {@code nowMillis}. */
    SharedIncident heldBy(String agent, long nowMillis) {
        Map<String, Long> next = new HashMap<>(holders);
        next.put(agent, nowMillis);
        return new SharedIncident(incident, next);
    }

    SharedIncident releasedBy(String agent) {
        Map<String, Long> next = new HashMap<>(holders);
        next.remove(agent);
        return new SharedIncident(incident, next);
    }

    /** Whether some holder spoke recently enough to keep it open. */
    boolean held(long nowMillis) {
        return holders.values().stream().anyMatch(seen -> nowMillis - seen < HOLDER_LAPSES_AFTER_MILLIS);
    }
}
