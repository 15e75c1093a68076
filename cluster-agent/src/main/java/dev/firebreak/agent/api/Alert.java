package dev.firebreak.agent.api;

/**
 * A detector's finding in force: what, where, the evidence, and since when.
 *
 * @param kind {@code kv-leak}, {@code stall}, {@code overload} or {@code gray-failure}
 */
public record Alert(String kind, String node, String model, String evidence, long sinceMillis) {
}
