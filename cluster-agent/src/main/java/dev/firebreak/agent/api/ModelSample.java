package dev.firebreak.agent.api;

import dev.firebreak.node.api.ModelStatus;

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

    /**
     * The sample of one model's scraped status: {@code finished} counts the requests that stopped or
     * reached their length, {@code errors} every other outcome. The agent's history and the
     * console's charts both count this way.
     */
    public static ModelSample scraped(long atMillis, boolean up, ModelStatus m, GatewayCounts seen) {
        long finished = m.requestsByOutcome().getOrDefault("stop", 0L) + m.requestsByOutcome().getOrDefault("length", 0L);
        long errors = m.requestsByOutcome().values().stream().mapToLong(Long::longValue).sum() - finished;
        return new ModelSample(atMillis, up, m.kv().blocksUsed(), m.kv().blocksTotal(), m.kv().blocksOrphaned(),
                m.sequencesRunning(), m.sequencesWaiting(), m.tokensPerSecond(), m.timeToFirstToken().p99Seconds(), finished,
                errors, seen.truncated(), seen.stops(), seen.lengths(), seen.empty(), seen.answeredMillis(), seen.answered());
    }

    public double kvUsage() {
        return kvTotal == 0 ? 0 : (double) kvUsed / kvTotal;
    }
}
