package dev.firebreak.lab.simulator;

import dev.firebreak.node.api.KvCacheStatus;
import dev.firebreak.node.api.LatencySummary;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One model on one simulated node: its counters, latency histograms, live sequences and KV cache.
 * Synthetic traffic is added lazily, when the figures are read or a request is served, for the time
 * gone by since the last time: an idle simulator costs nothing, and a thousand of them cost what
 * their scrapes cost. Served requests ({@code /v1}) are counted alike. One lock per model.
 */
final class ModelSim {

    static final int BLOCK_SIZE = 16;
    static final long BLOCKS_TOTAL = 4096;
    /** Prompt and answer lengths of the synthetic traffic, in tokens. */
    static final int PROMPT_TOKENS = 64;
    static final int MIN_OUTPUT = 16;
    static final int MAX_OUTPUT = 128;
    /** Blocks a leaking node leaves behind per second. */
    static final double LEAKED_BLOCKS_PER_SECOND = 4;
    /** Share of synthetic answers that end on their length limit rather than on a stop (the rest). */
    static final double LENGTH_SHARE = 0.3;
    /** How long the percentiles of a Firebreak status look back, about. */
    static final long WINDOW_MILLIS = 30_000;

    /** One answer's shape, drawn before it is served or counted. */
    record Answer(boolean error, int outputTokens, String finishReason, double ttftSeconds, double e2eSeconds) {
    }

    private final String model;
    private final Behaviour behaviour;
    private final SimulatorOptions options;
    private final SplittableRandom random;
    private final int baseRunning;

    private long lastMillis;
    private double arrivalsOwed;
    private double orphaned;
    private int live;
    private long promptTokens;
    private long generationTokens;
    private long preemptions;
    private final Map<String, Long> outcomes = new LinkedHashMap<>();
    private final LatencyBuckets ttft = new LatencyBuckets();
    private final LatencyBuckets itl = new LatencyBuckets();
    private final LatencyBuckets e2e = new LatencyBuckets();
    /** Copies taken at the rotation before the last: percentiles cover the last 30-60 s. */
    private LatencyBuckets ttftWindow = new LatencyBuckets();
    private LatencyBuckets e2eWindow = new LatencyBuckets();
    private LatencyBuckets ttftRotated = new LatencyBuckets();
    private LatencyBuckets e2eRotated = new LatencyBuckets();
    private long windowStartMillis;
    /** Tokens generated per second over the last second or so, from the counts (served and synthetic). */
    private double tokensPerSecond;
    private long rateMarkMillis;
    private long rateMarkTokens;

    ModelSim(String model, Behaviour behaviour, SimulatorOptions options, long seed, long nowMillis) {
        this.model = model;
        this.behaviour = behaviour;
        this.options = options;
        this.random = new SplittableRandom(seed);
        this.lastMillis = nowMillis;
        this.windowStartMillis = nowMillis;
        // Little's law: sequences in flight are arrivals per second times how long each takes.
        double meanOutput = (MIN_OUTPUT + MAX_OUTPUT) / 2.0;
        double seconds = options.latency().medianMillis() / 1000.0
                + (options.tokensPerSecond() == 0 ? 0 : meanOutput / options.tokensPerSecond());
        int steady = (int) Math.round(options.requestsPerSecond() * seconds);
        this.baseRunning = behaviour == Behaviour.STALLED ? Math.max(2, steady) : steady;
        this.tokensPerSecond = behaviour == Behaviour.STALLED ? 0 : options.requestsPerSecond() * meanOutput;
        this.rateMarkMillis = nowMillis;
        outcomes.put("stop", 0L);
        outcomes.put("length", 0L);
        outcomes.put("error", 0L);
    }

    String model() {
        return model;
    }

    Behaviour behaviour() {
        return behaviour;
    }

    /** Counts the synthetic traffic of the time since the last call. */
    synchronized void advance(long nowMillis) {
        long elapsed = nowMillis - lastMillis;
        if (elapsed <= 0) {
            return;
        }
        lastMillis = nowMillis;
        double seconds = elapsed / 1000.0;
        if (behaviour == Behaviour.STALLED) {
            return; // nothing finishes, nothing is generated
        }
        if (behaviour == Behaviour.LEAKING) {
            orphaned = Math.min(orphaned + LEAKED_BLOCKS_PER_SECOND * seconds, BLOCKS_TOTAL / 2.0);
        }
        arrivalsOwed += options.requestsPerSecond() * seconds;
        while (arrivalsOwed >= 1) {
            arrivalsOwed--;
            count(draw(MAX_OUTPUT));
        }
        if (nowMillis - windowStartMillis >= WINDOW_MILLIS) {
            ttftWindow = ttftRotated;
            e2eWindow = e2eRotated;
            ttftRotated = ttft.copy();
            e2eRotated = e2e.copy();
            windowStartMillis = nowMillis;
        }
    }

    /** Draws an answer of at most {@code maxTokens}: its outcome, its length and its times. */
    synchronized Answer draw(int maxTokens) {
        if (random.nextDouble() < options.errorRate()) {
            return new Answer(true, 0, "error", 0, options.latency().sampleSeconds(random));
        }
        int wanted = MIN_OUTPUT + random.nextInt(MAX_OUTPUT - MIN_OUTPUT + 1);
        boolean onLength = random.nextDouble() < LENGTH_SHARE || wanted >= maxTokens;
        int tokens = Math.max(1, Math.min(onLength ? maxTokens : wanted, maxTokens));
        String reason = onLength ? "length" : "stop";
        if (behaviour == Behaviour.TRUNCATING) {
            tokens = Math.max(1, tokens / 8);
            reason = "stop";
        }
        double first = options.latency().sampleSeconds(random);
        double decode = options.tokensPerSecond() == 0 ? 0 : tokens / options.tokensPerSecond();
        return new Answer(false, tokens, reason, first, first + decode);
    }

    /** A served request started: it is live until {@link #finished}. */
    synchronized void started() {
        live++;
    }

    /** A served request ended as {@code answer} says. */
    synchronized void finished(Answer answer) {
        live--;
        count(answer);
    }

    private void count(Answer answer) {
        outcomes.merge(answer.finishReason(), 1L, Long::sum);
        promptTokens += PROMPT_TOKENS;
        if (answer.error()) {
            return;
        }
        generationTokens += answer.outputTokens();
        ttft.observe(answer.ttftSeconds());
        e2e.observe(answer.e2eSeconds());
        if (answer.outputTokens() > 1) {
            itl.observe((answer.e2eSeconds() - answer.ttftSeconds()) / (answer.outputTokens() - 1));
        }
    }

    /** One reading of every figure, taken under the lock. */
    record Figures(int running, int waiting, KvCacheStatus kv, double tokensPerSecond, Map<String, Long> outcomes,
                   long promptTokens, long generationTokens, long preemptions, LatencyBuckets ttft, LatencyBuckets itl,
                   LatencyBuckets e2e, LatencySummary ttftSummary, LatencySummary e2eSummary) {
    }

    synchronized Figures figures(long nowMillis) {
        advance(nowMillis);
        int running = baseRunning + live;
        long perSequence = (PROMPT_TOKENS + MAX_OUTPUT / 2 + BLOCK_SIZE - 1) / BLOCK_SIZE;
        long orphans = Math.round(Math.floor(orphaned));
        long used = Math.min(BLOCKS_TOTAL, running * perSequence + orphans);
        KvCacheStatus kv = new KvCacheStatus(BLOCK_SIZE, BLOCKS_TOTAL, used, BLOCKS_TOTAL - used, 0, orphans);
        if (nowMillis - rateMarkMillis >= 1000) {
            tokensPerSecond = (generationTokens - rateMarkTokens) * 1000.0 / (nowMillis - rateMarkMillis);
            rateMarkMillis = nowMillis;
            rateMarkTokens = generationTokens;
        }
        return new Figures(running, 0, kv, tokensPerSecond, Map.copyOf(outcomes), promptTokens, generationTokens, preemptions,
                ttft.copy(), itl.copy(), e2e.copy(), ttft.since(ttftWindow).summary(), e2e.since(e2eWindow).summary());
    }
}
