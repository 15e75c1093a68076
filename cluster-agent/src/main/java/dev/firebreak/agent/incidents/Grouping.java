package dev.firebreak.agent.incidents;

import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.IncidentSeverity;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * What one cluster event means for incidents: whether it starts one, which condition it raises or
 * clears, and how bad it is. One table, so the rules are read in one place.
 */
final class Grouping {

    /** A slow node raises no "cleared" event: its condition lapses this long after it was last reported. */
    static final long SLOW_LAPSES_AFTER_MILLIS = 60_000;

    private Grouping() {
    }

    /** What an event does to the incident of its node. */
    sealed interface Effect {
    }

    /** Raises a condition (starting an incident if none is open): the event is evidence. */
    record Raise(String condition, IncidentSeverity severity, String label) implements Effect {
    }

    /** Clears a condition, if the open incident has it. */
    record Clear(String condition) implements Effect {
    }

    /** An automatic or operator action taken about the node: joins its open incident as an action. */
    record Act() implements Effect {
    }

    /** Joins the open incident's timeline, starts nothing. */
    record Note() implements Effect {
    }

    static Effect of(ClusterEvent e) {
        if (e.breaker() != null) {
            String condition = "breaker " + e.breaker().model();
            if (e.breaker().opened()) {
                return new Raise(condition, IncidentSeverity.CRITICAL, "Breaker open");
            }
            return e.breaker().to() == CircuitBreaker.State.CLOSED ? new Clear(condition) : new Note();
        }
        String type = e.type();
        if (type.endsWith("-cleared")) {
            return new Clear(type.substring(0, type.length() - "-cleared".length()));
        }
        return switch (type) {
            case "kv-leak" -> new Raise(type, IncidentSeverity.CRITICAL, "KV leak");
            case "stall" -> new Raise(type, IncidentSeverity.CRITICAL, "Stall");
            case "gray-failure" -> new Raise(type, IncidentSeverity.WARNING, "Gray failure");
            case "overload" -> new Raise(type, IncidentSeverity.WARNING, "Overload");
            case "node-down" -> new Raise("down", IncidentSeverity.CRITICAL, "Node down");
            case "node-slow" -> new Raise("slow", IncidentSeverity.WARNING, "Node slow");
            case "node-up" -> new Clear("down");
            case "slo-burn-page" -> new Raise(type, IncidentSeverity.CRITICAL, "Error budget burning fast");
            case "slo-burn-ticket" -> new Raise(type, IncidentSeverity.WARNING, "Error budget burning");
            case "action" -> new Act();
            default -> new Note();
        };
    }
}
