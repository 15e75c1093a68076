package dev.firebreak.agent.slo;

import dev.firebreak.agent.config.SloConfig;
import dev.firebreak.agent.metrics.SloEvents;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the gateway's requests as SLO events, per minute, model and node, and adds them to the
 * shared {@link SloLog} on each {@link #flush()} (every few seconds): what was not written yet stays
 * for the next flush, so a store that is briefly out loses nothing. Availability: an answer with text
 * is good; an empty answer (a cut delivered as success), a failure and, unless configured otherwise, a
 * shed request are bad. Latency: each answer is good when its first token came within the threshold.
 */
public final class SloMeter implements SloRecorder {

    private static final System.Logger LOG = System.getLogger(SloMeter.class.getName());

    private record Key(long minuteMillis, String model, String node) {
    }

    private final SloConfig config;
    private final InstantSource clock;
    private final SloLog log;
    private final SloEvents metrics;
    private final Map<Key, SloMinute> pending = new HashMap<>();
    /** Each model's objectives, resolved once from the configuration (which does not change while the agent runs). */
    private final Map<String, SloConfig.Objective> objectives = new ConcurrentHashMap<>();

    public SloMeter(SloConfig config, InstantSource clock, SloLog log, SloEvents metrics) {
        this.config = config;
        this.clock = clock;
        this.log = log;
        this.metrics = metrics;
    }

    @Override
    public void answered(String model, String node, boolean withText, long firstTokenMillis) {
        boolean fast = firstTokenMillis <= objective(model).latencyThresholdMillis();
        count(model, node, 1, withText ? 1 : 0, 1, fast ? 1 : 0);
        metrics.counted(model, "availability", withText);
        metrics.counted(model, "latency", fast);
    }

    @Override
    public void failed(String model, String node) {
        count(model, node == null ? "" : node, 1, 0, 0, 0);
        metrics.counted(model, "availability", false);
    }

    @Override
    public void shed(String model) {
        if (objective(model).countShed()) {
            count(model, "", 1, 0, 0, 0);
            metrics.counted(model, "availability", false);
        }
    }

    private synchronized void count(String model, String node, long total, long good, long timed, long fast) {
        objective(model);
        Key key = new Key(SloMinute.minuteOf(clock.millis()), model, node);
        SloMinute add = new SloMinute(key.minuteMillis(), model, node, total, good, timed, fast);
        pending.merge(key, add, SloMinute::plus);
    }

    /** {@code model}'s objectives; the first time, also published as the objective gauges. */
    private SloConfig.Objective objective(String model) {
        SloConfig.Objective known = objectives.get(model);
        if (known != null) {
            return known;
        }
        SloConfig.Objective resolved = config.objective(model);
        metrics.objective(model, "availability", resolved.availability());
        metrics.objective(model, "latency", resolved.latency());
        objectives.put(model, resolved);
        return resolved;
    }

    /** Writes what was counted since the last flush; kept for the next one when the store cannot take it. */
    public void flush() {
        List<SloMinute> batch;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(pending.values());
            pending.clear();
        }
        try {
            log.add(batch);
        } catch (SloLog.SloLogException e) {
            LOG.log(System.Logger.Level.WARNING, "SLO minutes kept for the next flush: {0}", e.getMessage());
            synchronized (this) {
                batch.forEach(m -> pending.merge(new Key(m.minuteMillis(), m.model(), m.node()), m, SloMinute::plus));
            }
        }
    }
}
