package dev.firebreak.agent.api;

/**
 * One line of an incident's timeline: a finding, a breaker or node change, an action.
 *
 * @param type the cluster event's type ({@code kv-leak}, {@code breaker}, {@code node-down}, ...), or
 *             {@code acknowledged} / {@code resolved} for an operator's word on the incident
 * @param eventAtMillis when the event happened
 */
public record IncidentEntry(long eventAtMillis, String type, String message) {
}
