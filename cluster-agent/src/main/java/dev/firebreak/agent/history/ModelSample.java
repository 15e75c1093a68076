package dev.firebreak.agent.history;

/**
 * One second of one model on one node, as scraped. {@code errors} and {@code finished} count
 * requests since the node started; the rest counts what the gateway saw of this node's answers
 * since the agent started: cut streams, finish reasons, and answers with no text.
 */
public record ModelSample(long atMillis, boolean up, long kvUsed, long kvTotal, long kvOrphaned, int running, int waiting,
                          double tokensPerSecond, double ttftP99Seconds, long finished, long errors, long truncated,
                          long stops, long lengths, long empty) {

    /** What the gateway counted for one (node, model). */
    public record GatewayCounts(long truncated, long stops, long lengths, long empty) {
        public static final GatewayCounts NONE = new GatewayCounts(0, 0, 0, 0);
    }

    public double kvUsage() {
        return kvTotal == 0 ? 0 : (double) kvUsed / kvTotal;
    }
}
