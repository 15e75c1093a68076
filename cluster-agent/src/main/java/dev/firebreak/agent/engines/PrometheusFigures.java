package dev.firebreak.agent.engines;

import dev.firebreak.agent.api.KvReport;
import dev.firebreak.agent.api.ModelReport;
import dev.firebreak.node.api.LatencySummary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an engine's {@code /metrics}, read by the names it documents ({@link MetricNames}), into
 * one model's figures. Whatever cannot be read becomes {@code null} with the reason: the engine
 * never has it, this scrape lacks it, it was malformed, or it needs an earlier scrape to compare with.
 */
final class PrometheusFigures {

    /** KV blocks as the engine's configuration tells them (vLLM's {@code cache_config_info}), or {@code null}s. */
    record Blocks(Integer blockSize, Long total) {
        static final Blocks UNKNOWN = new Blocks(null, null);
    }

    /** Key in a model's {@code unavailable} when the KV-leak detector cannot watch it. */
    static final String KV_LEAK_DETECTION = "kvLeakDetection";

    private final MetricNames names;

    PrometheusFigures(MetricNames names) {
        this.names = names;
    }

    /**
     * One model's figures.
     *
     * @param rateBase the scrape about a second earlier, {@code null} on the first
     * @param windowStart the oldest scrape of the recent window, {@code null} on the first
     */
    ModelReport read(String model, boolean admissionOpen, MetricReader now, long nowMillis, MetricReader rateBase,
                     long rateBaseMillis, MetricReader windowStart, Blocks blocks) {
        Map<String, String> match = names.modelLabel() == null ? Map.of() : Map.of(names.modelLabel(), model);
        Map<String, String> why = new LinkedHashMap<>(names.absent());

        Double running = gauge(now, names.running(), match, "sequencesRunning", why);
        Double waiting = gauge(now, names.waiting(), match, "sequencesWaiting", why);
        Double usage = gauge(now, names.kvUsage(), match, "kv.usage", why);
        if (usage != null && usage > 1) {
            why.put("kv.usage", names.engine() + " reported a KV usage of " + usage + ", over 1: dropped");
            usage = null;
        }
        KvReport kv = kv(usage, blocks, why);

        Double preemptions = counter(now, names.preemptions(), match, "preemptions", why);
        Map<String, Long> outcomes = outcomes(now, match, why);
        Double prompt = counter(now, names.promptTokens(), match, "promptTokens", why);
        Double generated = counter(now, names.generationTokens(), match, "generationTokens", why);
        Double tokensPerSecond = rate(generated, rateBase, nowMillis - rateBaseMillis, match, why);

        LatencySummary ttft = latency(now, windowStart, names.timeToFirstToken(), match, "timeToFirstToken", why);
        LatencySummary tpot = latency(now, windowStart, names.timePerOutputToken(), match, "timePerOutputToken", why);
        LatencySummary e2e = latency(now, windowStart, names.endToEnd(), match, "endToEnd", why);

        return new ModelReport(model, admissionOpen, kv, toInt(running), toInt(waiting), tokensPerSecond, outcomes, ttft, tpot,
                e2e, toLong(preemptions), toLong(prompt), toLong(generated), why);
    }

    private KvReport kv(Double usage, Blocks blocks, Map<String, String> why) {
        if (usage == null) {
            why.putIfAbsent("kv.blocksUsed", "no KV usage in this scrape");
            why.put(KV_LEAK_DETECTION, "not available for this kind: no KV usage to watch");
            return KvReport.UNKNOWN;
        }
        if (blocks.total() == null) {
            why.putIfAbsent("kv.blocksUsed", names.engine() + " gives the share of its KV cache in use, not its blocks");
            return new KvReport(usage, null, null, null, null, null);
        }
        // The engine's usage is its blocks in use over its blocks: the blocks follow from the share.
        long used = Math.round(usage * blocks.total());
        return new KvReport(usage, blocks.blockSize(), blocks.total(), used, blocks.total() - used, null);
    }

    private Double gauge(MetricReader now, List<String> candidates, Map<String, String> match, String field,
                         Map<String, String> why) {
        String name = present(now, candidates, false, field, why);
        return name == null ? null : checked(now.gauge(name, match), name, field, why);
    }

    private Double counter(MetricReader now, List<String> candidates, Map<String, String> match, String field,
                           Map<String, String> why) {
        String name = present(now, candidates, false, field, why);
        return name == null ? null : checked(now.counter(name, match), name, field, why);
    }

    private Map<String, Long> outcomes(MetricReader now, Map<String, String> match, Map<String, String> why) {
        String name = present(now, names.outcomes(), false, "requestsByOutcome", why);
        if (name == null) {
            return null;
        }
        Map<String, Double> by = now.counterBy(name, names.outcomeLabel(), match);
        if (by == null) {
            why.put("requestsByOutcome", name + " has no valid series for this model in this scrape");
            return null;
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        by.forEach((reason, count) -> counts.put(reason, Math.round(count)));
        return counts;
    }

    private Double rate(Double generated, MetricReader rateBase, long elapsedMillis, Map<String, String> match,
                        Map<String, String> why) {
        if (generated == null) {
            why.putIfAbsent("tokensPerSecond", "no count of generated tokens to take a rate of");
            return null;
        }
        Double before = rateBase == null ? null : counter(rateBase, names.generationTokens(), match, "tokensPerSecond",
                new LinkedHashMap<>());
        if (before == null || elapsedMillis <= 0) {
            why.put("tokensPerSecond", "needs a second scrape to take a rate");
            return null;
        }
        double grown = generated >= before ? generated - before : generated; // a lower count: the engine restarted from 0
        return grown * 1000.0 / elapsedMillis;
    }

    private LatencySummary latency(MetricReader now, MetricReader windowStart, List<String> candidates,
                                   Map<String, String> match, String field, Map<String, String> why) {
        String name = present(now, candidates, true, field, why);
        if (name == null) {
            return null;
        }
        Buckets current = now.histogram(name, match);
        if (current == null) {
            why.put(field, name + " has no valid buckets for this model in this scrape");
            return null;
        }
        Buckets earlier = windowStart == null ? null : windowStart.histogram(name, match);
        if (earlier == null) {
            why.put(field, "needs a second scrape: percentiles come from the difference between two");
            return null;
        }
        LatencySummary summary = current.since(earlier).summary();
        if (summary == null) {
            why.put(field, name + " has fewer than two buckets or no +Inf bucket: no percentile can be interpolated");
        }
        return summary;
    }

    private String present(MetricReader now, List<String> candidates, boolean histogram, String field, Map<String, String> why) {
        if (candidates.isEmpty()) {
            why.putIfAbsent(field, names.engine() + " does not expose this figure");
            return null;
        }
        String name = MetricNames.present(now, candidates, histogram);
        if (name == null) {
            why.putIfAbsent(field, "this " + names.engine() + " /metrics has no " + String.join(" or ", candidates));
        }
        return name;
    }

    private static Double checked(Double value, String name, String field, Map<String, String> why) {
        if (value == null) {
            why.put(field, name + " has no valid series for this model in this scrape");
        }
        return value;
    }

    private static Integer toInt(Double value) {
        return value == null ? null : (int) Math.round(value);
    }

    private static Long toLong(Double value) {
        return value == null ? null : Math.round(value);
    }
}
