package dev.firebreak.agent.state;

/**
 * The state store's health as {@code /health} reports it.
 *
 * @param kind      {@code sqlite} or {@code postgresql}
 * @param up        whether it answered the last time it was asked
 * @param detail    where it is, and while down what went wrong
 * @param sinceMillis when it last went up or down
 */
public record StoreStatus(String kind, boolean up, String detail, long sinceMillis) {
}
