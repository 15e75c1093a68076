package dev.firebreak.agent.metrics;

/** Why a scrape of a node's status failed, as the {@code reason} label of the scrape failure counter. */
public enum ScrapeFailure {
    /** Connection refused: nothing listens on the node's port. */
    REFUSED,
    /** No answer within the scrape timeout. */
    TIMEOUT,
    /** Another I/O failure (reset, TLS, DNS). */
    IO,
    /** The status endpoint answered something other than 200. */
    HTTP_STATUS,
    /** The answer was not a status the agent could read. */
    UNREADABLE;

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
