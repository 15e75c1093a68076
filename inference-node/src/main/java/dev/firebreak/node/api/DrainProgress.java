package dev.firebreak.node.api;

/**
 * How far a drain has got: what is still held, and when what is left will be cancelled.
 *
 * @param deadlineMillis epoch millis after which remaining sequences are cancelled with an error event
 */
public record DrainProgress(long startedAtMillis, long deadlineMillis, int sequencesLeft, long kvBlocksLeft) {

    /** True once the deadline has passed at {@code nowMillis}, read from the same clock that started the drain. */
    public boolean overdue(long nowMillis) {
        return nowMillis > deadlineMillis;
    }
}
