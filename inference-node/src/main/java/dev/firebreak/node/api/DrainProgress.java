package dev.firebreak.node.api;

/**
 * How far a drain has got: what is still held, and when what is left will be cancelled.
 *
 * @param deadlineMillis epoch millis after which remaining sequences are cancelled with an error event
 * @param kvBlocksLeft   KV blocks the remaining sequences hold, or {@code null} where they are not known (a
 *                       drain done at the agent's gateway, in front of an engine that does not say)
 */
public record DrainProgress(long startedAtMillis, long deadlineMillis, int sequencesLeft, Long kvBlocksLeft) {

    /** True once the deadline has passed at {@code nowMillis}, read from the same clock that started the drain. */
    public boolean overdue(long nowMillis) {
        return nowMillis > deadlineMillis;
    }
}
