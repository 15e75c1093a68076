package dev.firebreak.agent.slo;

import java.util.List;

/**
 * Where the SLO minutes are kept durably and shared (the state store): each agent adds what it
 * counted, so replicas and a restarted agent read the same totals.
 */
public interface SloLog {

    /** Adds these counts to the stored ones of the same minute, model and node. */
    void add(List<SloMinute> counts) throws SloLogException;

    /** The counts of [{@code fromMillis}, {@code toMillis}) summed per model and node, each with {@code minuteMillis} = from. */
    List<SloMinute> totals(long fromMillis, long toMillis) throws SloLogException;

    /**
     * The counts of [{@code fromMillis}, {@code toMillis}) summed per model and per {@code bucketMillis}
     * (counted from the epoch), node {@code ""}, oldest first: a model's budget over time.
     */
    List<SloMinute> perModel(long fromMillis, long toMillis, long bucketMillis) throws SloLogException;

    /** The store could not be written or read. */
    final class SloLogException extends Exception {
        public SloLogException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
