package dev.firebreak.agent.engines;

/**
 * A scrape that gave nothing usable: the node did not answer, answered an error, or answered
 * something that is not what its engine serves (HTML, a body over the size cap). The message says
 * which, for the node's {@code lastError}.
 */
public final class ScrapeFailure extends Exception {

    private final boolean refused;

    ScrapeFailure(String message, boolean refused) {
        super(message);
        this.refused = refused;
    }

    ScrapeFailure(String message) {
        this(message, false);
    }

    /** True when nothing listens at the node's address: it is down at once. */
    public boolean refused() {
        return refused;
    }
}
