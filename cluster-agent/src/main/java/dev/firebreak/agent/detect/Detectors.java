package dev.firebreak.agent.detect;

import dev.firebreak.agent.api.ModelSample;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The detectors: small pure functions of a (node, model) series, oldest sample first, one per
 * second. Each returns a finding with its evidence, or nothing.
 */
public final class Detectors {

    /** Seconds a leak must show for. */
    static final int LEAK_WINDOW = 10;
    /** Seconds of steady growth in blocks used, with no more sequences, that make a leak the node does not see. */
    static final int UNATTRIBUTED_LEAK_WINDOW = 30;
    /** Seconds of running work with no token out that make a stall. */
    static final int STALL_WINDOW = 3;
    /** Seconds of queue growth that make an overload. */
    static final int OVERLOAD_WINDOW = 5;
    static final int OVERLOAD_MIN_WAITING = 4;
    /** Share of cut streams among finished requests that makes a gray failure. */
    static final double GRAY_SHARE = 0.1;
    static final int GRAY_MIN_REQUESTS = 10;

    private Detectors() {
    }

    /** Share of "stop" among finish reasons that must separate a node from its peers to count as drift. */
    static final double DRIFT = 0.3;
    static final int DRIFT_MIN_ANSWERS = 20;

    /** All findings for one series; {@code peers} are the same model's series on the other nodes. */
    public static List<Finding> check(String node, String model, List<ModelSample> series, List<List<ModelSample>> peers,
                                      double ttftObjectiveSeconds) {
        return java.util.stream.Stream.of(kvLeak(node, model, series), stall(node, model, series),
                overload(node, model, series, ttftObjectiveSeconds), grayFailure(node, model, series, peers),
                finishDrift(node, model, series, peers), slowNode(node, model, series, peers))
                .flatMap(Optional::stream).toList();
    }

    /**
     * Finish reasons drifting from the norm: this node ends answers with "stop" far more often than
     * the other nodes serving the same model, as answers cut short and reported complete do. Only
     * this direction counts: with two nodes the comparison is symmetric, and ending early is the
     * signature of the failure (a healthy node beside a faulty one is not flagged).
     */
    static Optional<Finding> finishDrift(String node, String model, List<ModelSample> s, List<List<ModelSample>> peers) {
        long[] mine = finishes(s);
        long[] theirs = summedOver(peers, PeerCount.FINISHES);
        long peerStops = theirs[0];
        long peerAll = theirs[1];
        if (mine[1] < DRIFT_MIN_ANSWERS || peerAll < DRIFT_MIN_ANSWERS) {
            return Optional.empty();
        }
        double share = (double) mine[0] / mine[1];
        double norm = (double) peerStops / peerAll;
        if (share - norm > DRIFT) {
            return Optional.of(new Finding("gray-failure", node, model, String.format(Locale.ROOT,
                    "finish reasons drift: %.0f%% of its last %d answers ended with stop, %.0f%% on the other nodes",
                    100 * share, mine[1], 100 * norm), true));
        }
        return Optional.empty();
    }

    /** How many times the peers' mean answer time, and by how much at least, makes a node slow. */
    static final double SLOW_FACTOR = 2.0;
    static final long SLOW_MARGIN_MILLIS = 500;
    static final int SLOW_MIN_ANSWERS = 6;

    /**
     * A slow node: its complete answers, as the gateway timed them, take far longer than the same
     * model's on the other nodes (the same traffic mix, so the same answer lengths on average).
     * It still answers correctly, so this raises the finding and leaves the breaker to the
     * operator: cutting one of two nodes out halves the model's capacity. Only peers answering
     * now count: a dead peer's fast answers from before its death would make its survivor, busier
     * by its traffic, look slow.
     */
    static Optional<Finding> slowNode(String node, String model, List<ModelSample> s, List<List<ModelSample>> peers) {
        long[] mine = answerTimes(s);
        long[] theirs = summedOver(peers, PeerCount.ANSWER_TIMES_ANSWERING);
        if (mine[1] < SLOW_MIN_ANSWERS || theirs[1] < SLOW_MIN_ANSWERS) {
            return Optional.empty();
        }
        double mean = (double) mine[0] / mine[1];
        double norm = (double) theirs[0] / theirs[1];
        if (mean >= SLOW_FACTOR * norm && mean - norm >= SLOW_MARGIN_MILLIS) {
            return Optional.of(new Finding("gray-failure", node, model, String.format(Locale.ROOT,
                    "slow: its last %d answers took %.0f ms on average, %.1fx the %.0f ms on the other nodes",
                    mine[1], mean, mean / norm, norm), false));
        }
        return Optional.empty();
    }

    /** Up, and answered through the gateway within the last 5 samples. */
    private static boolean answeringNow(List<ModelSample> s) {
        return s.size() >= 2 && s.getLast().up() && grown(s, 6, ModelSample::answered) > 0;
    }

    /** [milliseconds, complete answers] the gateway timed over the last 30 samples of a series. */
    private static long[] answerTimes(List<ModelSample> s) {
        return grown(s, GATEWAY_WINDOW, ModelSample::answeredMillis, ModelSample::answered);
    }

    /** [stops, stops + lengths] over the last minute of a series. */
    private static long[] finishes(List<ModelSample> s) {
        return grown(s, s.size(), ModelSample::stops, p -> p.stops() + p.lengths());
    }

    /** Samples of the gateway's counts that the gray-failure and slow-node checks look back over. */
    private static final int GATEWAY_WINDOW = 30;

    /** How much two counters of a series grew over its last {@code window} samples: [a, b]. */
    private static long[] grown(List<ModelSample> s, int window, ToLongFunction<ModelSample> a, ToLongFunction<ModelSample> b) {
        return new long[] {grown(s, window, a), grown(s, window, b)};
    }

    /** How much a counter of a series grew over its last {@code window} samples (0 with fewer than two). */
    private static long grown(List<ModelSample> s, int window, ToLongFunction<ModelSample> counter) {
        return s.size() < 2 ? 0 : counter.applyAsLong(s.getLast()) - counter.applyAsLong(s.get(Math.max(0, s.size() - window)));
    }

    /** Orphaned blocks growing, or blocks in use growing while live sequences do not. */
    static Optional<Finding> kvLeak(String node, String model, List<ModelSample> s) {
        if (s.size() < LEAK_WINDOW || !known(s, p -> p.kvUsage() != null && p.running() != null && p.waiting() != null)) {
            return Optional.empty();
        }
        ModelSample first = s.get(s.size() - LEAK_WINDOW);
        ModelSample last = s.getLast();
        if (first.kvOrphaned() != null && last.kvOrphaned() != null && last.kvOrphaned() > first.kvOrphaned()
                && last.kvOrphaned() > 0) {
            return Optional.of(new Finding("kv-leak", node, model, last.kvOrphaned() + " orphaned blocks, +"
                    + (last.kvOrphaned() - first.kvOrphaned()) + " in " + LEAK_WINDOW + " s, while live sequences "
                    + sequences(first, last) + " (held by no live sequence; in use " + last.kvUsed() + " of " + last.kvTotal()
                    + ")", true));
        }
        // Growth the node does not attribute to orphans: only over a longer window, because a few
        // long prompts and answers can grow the cache for ten seconds while as many sequences run.
        if (s.size() < UNATTRIBUTED_LEAK_WINDOW) {
            return Optional.empty();
        }
        ModelSample start = s.get(s.size() - UNATTRIBUTED_LEAK_WINDOW);
        int sequencesBefore = start.running() + start.waiting();
        int sequencesNow = last.running() + last.waiting();
        boolean rising = true;
        for (int i = s.size() - UNATTRIBUTED_LEAK_WINDOW + 1; i < s.size(); i++) {
            rising &= s.get(i).kvUsage() >= s.get(i - 1).kvUsage();
        }
        // In shares of the cache, so an engine that gives only its usage share is judged alike: 4 blocks or 5%.
        double minimumGrowth = Math.max(start.kvTotal() == null || start.kvTotal() == 0 ? 0 : 4.0 / start.kvTotal(), 0.05);
        if (rising && last.kvUsage() > start.kvUsage() + minimumGrowth && sequencesNow <= sequencesBefore) {
            String growth = start.kvUsed() != null && last.kvUsed() != null
                    ? last.kvUsed() + " of " + last.kvTotal() + " blocks in use, +" + (last.kvUsed() - start.kvUsed())
                    : String.format(Locale.ROOT, "KV usage %.0f%% -> %.0f%%", 100 * start.kvUsage(), 100 * last.kvUsage());
            return Optional.of(new Finding("kv-leak", node, model, growth + " in " + UNATTRIBUTED_LEAK_WINDOW
                    + " s, while live sequences " + sequences(start, last), true));
        }
        return Optional.empty();
    }

    /**
     * Whether a raised finding's evidence still stands in the latest scrape though its detector no
     * longer fires. A leak stops growing once the breaker it opened cuts the node's traffic; the
     * blocks it lost stay lost, so the finding holds while the node still reports them (or, for an
     * engine that gives no orphan count, blocks in use with no live sequence). Only figures that
     * show the node healthy clear it (its orphans gone, e.g. after a restart), never the quiet of
     * no traffic. Other kinds clear when their detector stops firing.
     */
    static Optional<Finding> stillEvident(Finding raised, List<ModelSample> s) {
        if (!raised.kind().equals("kv-leak") || s.isEmpty()) {
            return Optional.empty();
        }
        ModelSample last = s.getLast();
        if (!last.up()) {
            return Optional.of(raised); // a node not answering shows nothing either way: the last evidence stands
        }
        if (last.kvOrphaned() != null) {
            return last.kvOrphaned() > 0 ? Optional.of(new Finding(raised.kind(), raised.node(), raised.model(),
                    last.kvOrphaned() + " orphaned blocks still held by no live sequence, not growing now (in use "
                            + last.kvUsed() + " of " + last.kvTotal() + ")", true)) : Optional.empty();
        }
        if (last.kvUsage() != null && last.running() != null && last.waiting() != null
                && last.running() + last.waiting() == 0 && last.kvUsage() > 0) {
            return Optional.of(new Finding(raised.kind(), raised.node(), raised.model(), String.format(Locale.ROOT,
                    "KV usage still %.0f%% with no live sequence, not growing now", 100 * last.kvUsage()), true));
        }
        return Optional.empty();
    }

    /** How the live sequences (running and waiting) moved between two samples, in words. */
    private static String sequences(ModelSample from, ModelSample to) {
        int before = from.running() + from.waiting();
        int after = to.running() + to.waiting();
        return before == after ? "stayed at " + after : "went " + before + " -> " + after;
    }

    /** Sequences running, no tokens coming out. */
    static Optional<Finding> stall(String node, String model, List<ModelSample> s) {
        if (s.size() < STALL_WINDOW) {
            return Optional.empty();
        }
        List<ModelSample> window = s.subList(s.size() - STALL_WINDOW, s.size());
        if (window.stream().allMatch(p -> p.up() && p.running() != null && p.tokensPerSecond() != null && p.running() > 0
                && p.tokensPerSecond() == 0)) {
            return Optional.of(new Finding("stall", node, model, window.getLast().running() + " sequences running, 0 tokens/s for "
                    + STALL_WINDOW + " s", true));
        }
        return Optional.empty();
    }

    /** The queue growing every second, or time to first token over its objective. */
    static Optional<Finding> overload(String node, String model, List<ModelSample> s, double ttftObjective) {
        if (s.isEmpty()) {
            return Optional.empty();
        }
        ModelSample last = s.getLast();
        if (last.ttftP99Seconds() != null && last.ttftP99Seconds() > ttftObjective) {
            return Optional.of(new Finding("overload", node, model, String.format(Locale.ROOT,
                    "p99 time to first token %.2f s over the objective of %.2f s", last.ttftP99Seconds(), ttftObjective), false));
        }
        if (s.size() >= OVERLOAD_WINDOW && known(s.subList(s.size() - OVERLOAD_WINDOW, s.size()), p -> p.waiting() != null)) {
            List<ModelSample> window = s.subList(s.size() - OVERLOAD_WINDOW, s.size());
            boolean growing = true;
            for (int i = 1; i < window.size(); i++) {
                growing &= window.get(i).waiting() > window.get(i - 1).waiting();
            }
            if (growing && last.waiting() >= OVERLOAD_MIN_WAITING) {
                return Optional.of(new Finding("overload", node, model, "waiting requests " + window.getFirst().waiting()
                        + " -> " + last.waiting() + " in " + OVERLOAD_WINDOW + " s", false));
            }
        }
        return Optional.empty();
    }

    /**
     * Answers cut short or empty, as the gateway sees them. A cut stream is a failure wherever it
     * happens; an empty answer only counts when this node gives far more of them than the other
     * nodes serving the model (a model that answers some prompts with nothing does so everywhere,
     * and opening the breakers of every healthy node for it would be the outage we exist to stop).
     */
    static Optional<Finding> grayFailure(String node, String model, List<ModelSample> s, List<List<ModelSample>> peers) {
        if (s.size() < 2) {
            return Optional.empty();
        }
        long[] mine = emptyAndFinished(s);
        long truncated = grown(s, GATEWAY_WINDOW, ModelSample::truncated);
        long finished = mine[1];
        if (finished >= GRAY_MIN_REQUESTS && truncated > GRAY_SHARE * finished) {
            return Optional.of(new Finding("gray-failure", node, model, truncated + " of " + finished
                    + " recent answers were cut short before their end", true));
        }
        long[] theirs = summedOver(peers, PeerCount.EMPTY_AND_FINISHED);
        long peerEmpty = theirs[0];
        long peerFinished = theirs[1];
        if (finished >= GRAY_MIN_REQUESTS && peerFinished >= GRAY_MIN_REQUESTS) {
            double share = (double) mine[0] / finished;
            double norm = (double) peerEmpty / peerFinished;
            // Beyond chance too: with a model that often answers empty, ten answers can differ by
            // 20 points from the peers by luck alone (three standard errors of the difference).
            double pooled = (double) (mine[0] + peerEmpty) / (finished + peerFinished);
            double noise = 3 * Math.sqrt(pooled * (1 - pooled) * (1.0 / finished + 1.0 / peerFinished));
            if (share - norm > Math.max(GRAY_SHARE, noise)) {
                return Optional.of(new Finding("gray-failure", node, model, String.format(Locale.ROOT,
                        "%d of %d recent answers came back empty (%.0f%%; %.0f%% on the other nodes)",
                        mine[0], finished, 100 * share, 100 * norm), true));
            }
        }
        return Optional.empty();
    }

    /** A pair of counts from {@code count}, summed over the peers' series. */
    /** The pairs of counts the peer comparisons sum over a model's other nodes. */
    enum PeerCount {
        FINISHES(Detectors::finishes),
        EMPTY_AND_FINISHED(Detectors::emptyAndFinished),
        /** Only peers answering now count: see {@link #slowNode}. */
        ANSWER_TIMES_ANSWERING(s -> answeringNow(s) ? answerTimes(s) : new long[2]);

        final java.util.function.Function<List<ModelSample>, long[]> count;

        PeerCount(java.util.function.Function<List<ModelSample>, long[]> count) {
            this.count = count;
        }
    }

    /** {@code count} summed over the peers' series; for {@link Peers}, worked out once per model rather than once per node. */
    private static long[] summedOver(List<List<ModelSample>> peers, PeerCount count) {
        if (peers instanceof Peers shared) {
            return shared.sum(count);
        }
        return summedOver(peers, count.count);
    }

    static long[] summedOver(List<List<ModelSample>> peers, java.util.function.Function<List<ModelSample>, long[]> count) {
        long[] sum = new long[2];
        for (List<ModelSample> peer : peers) {
            long[] c = count.apply(peer);
            sum[0] += c[0];
            sum[1] += c[1];
        }
        return sum;
    }

    /** [empty answers, finished requests] over the last 30 samples of a series. */
    private static long[] emptyAndFinished(List<ModelSample> s) {
        return grown(s, GATEWAY_WINDOW, ModelSample::empty, ModelSample::completed);
    }

    /** True when every sample of {@code s} has the figures a detector reads (an engine may not give them). */
    static boolean known(List<ModelSample> s, java.util.function.Predicate<ModelSample> figures) {
        return s.stream().allMatch(figures);
    }
}
