package dev.firebreak.agent.api;

/**
 * One second of one model on one node, as scraped. {@code errors} and {@code finished} count
 * requests since the node started; the rest counts what the gateway saw of this node's answers
 * since the agent started: cut streams, finish reasons, answers with no text, and how long its
 * complete answers took ({@code answeredMillis} summed over {@code answered}).
 */
public record ModelSample(long atMillis, boolean up, long kvUsed, long kvTotal, long kvOrphaned, int running, int waiting,
                          double tokensPerSecond, double ttftP99Seconds, long finished, long errors, long truncated,
                          long stops, long lengths, long empty, long answeredMillis, long answered) {

    /** What the gateway counted for one (node, model). */
    public record GatewayCounts(long truncated, long stops, long lengths, long empty, long answeredMillis, long answered) {
        public static final GatewayCounts NONE = new GatewayCounts(0, 0, 0, 0, 0, 0);
    }

    public double kvUsage() {
        return kvTotal == 0 ? 0 : (double) kvUsed / kvTotal;
    }
}
