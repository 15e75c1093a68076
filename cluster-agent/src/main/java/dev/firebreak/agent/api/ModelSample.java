package dev.firebreak.agent.api;

/**
 * One second of one model on one node, as scraped. {@code errors} and {@code finished} count
 * requests since the node started; the rest counts what the gateway saw of this node's answers
 * since the agent started: cut streams, finish reasons, answers with no text, and how long its
 * complete answers took ({@code answeredMillis} summed over {@code answered}). A {@code null}
 * figure is one the node's engine does not give (its report says why); the gateway's counts are
 * known for every engine.
 *
 * @param kvUsage the share of the model's KV cache in use, 0-1
 */
public record ModelSample(long atMillis, boolean up, Double kvUsage, Long kvUsed, Long kvTotal, Long kvOrphaned, Integer running,
                          Integer waiting, Double tokensPerSecond, Double ttftP99Seconds, Long finished, Long errors,
                          long truncated, long stops, long lengths, long empty, long answeredMillis, long answered) {

    /** What the gateway counted for one (node, model). */
    public record GatewayCounts(long truncated, long stops, long lengths, long empty, long answeredMillis, long answered) {
        public static final GatewayCounts NONE = new GatewayCounts(0, 0, 0, 0, 0, 0);
    }

    /**
     * The sample of one model's scraped figures: {@code finished} counts the requests that stopped or
     * reached their length, {@code errors} every other outcome. The agent's history and the
     * console's charts both count this way.
     */
    public static ModelSample scraped(long atMillis, boolean up, ModelReport m, GatewayCounts seen) {
        Long finished = null;
        Long errors = null;
        if (m.requestsByOutcome() != null) {
            finished = m.requestsByOutcome().getOrDefault("stop", 0L) + m.requestsByOutcome().getOrDefault("length", 0L);
            errors = m.requestsByOutcome().values().stream().mapToLong(Long::longValue).sum() - finished;
        }
        return new ModelSample(atMillis, up, m.kv().usage(), m.kv().blocksUsed(), m.kv().blocksTotal(), m.kv().blocksOrphaned(),
                m.sequencesRunning(), m.sequencesWaiting(), m.tokensPerSecond(),
                m.timeToFirstToken() == null ? null : m.timeToFirstToken().p99Seconds(), finished, errors, seen.truncated(),
                seen.stops(), seen.lengths(), seen.empty(), seen.answeredMillis(), seen.answered());
    }

    /**
     * Requests answered to the end: the engine's own count where it keeps one, else what the gateway
     * saw end with stop or length (an engine that counts nothing is judged on the gateway's traffic).
     */
    public long completed() {
        return finished != null ? finished : stops + lengths;
    }
}
