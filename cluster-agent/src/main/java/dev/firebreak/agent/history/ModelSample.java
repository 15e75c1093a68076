package dev.firebreak.agent.history;

/**
 * One second of one model on one node, as scraped. {@code errors} and {@code finished} count
 * requests since the node started; the gateway's truncated streams since the agent started.
 */
public record ModelSample(long atMillis, boolean up, long kvUsed, long kvTotal, long kvOrphaned, int running, int waiting,
                          double tokensPerSecond, double ttftP99Seconds, long finished, long errors, long truncated) {

    public double kvUsage() {
        return kvTotal == 0 ? 0 : (double) kvUsed / kvTotal;
    }
}
