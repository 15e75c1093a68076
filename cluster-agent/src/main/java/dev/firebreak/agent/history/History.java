package dev.firebreak.agent.history;

import dev.firebreak.agent.api.ModelSample;
import dev.firebreak.agent.api.Series;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.api.ModelReport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The recent past of every (node, model), one sample a second, kept for {@value #RETAINED_SECONDS} seconds. */
public final class History {

    public static final int RETAINED_SECONDS = 900;

    /** One (node, model) series. */
    public record Key(String node, String model) {
    }

    private final Map<Key, Deque<ModelSample>> series = new ConcurrentHashMap<>();
    private final int retainedSeconds;

    /** A history of {@value #RETAINED_SECONDS} seconds, the agent's. */
    public History() {
        this(RETAINED_SECONDS);
    }

    /** A history of the last {@code retainedSeconds} samples of each series (a console keeps less than the agent). */
    public History(int retainedSeconds) {
        if (retainedSeconds < 2) {
            throw new IllegalArgumentException("a history needs at least 2 seconds, got " + retainedSeconds);
        }
        this.retainedSeconds = retainedSeconds;
    }

    /**
     * Fills in the past from another history, e.g. the agent's {@code /api/v1/series} when a console
     * connects: points older than what a series already holds are put before it, the rest ignored.
     */
    public void backfill(List<Series> past) {
        for (Series s : past) {
            Deque<ModelSample> points = series.computeIfAbsent(new Key(s.node(), s.model()), k -> new ArrayDeque<>());
            synchronized (points) {
                long firstHeld = points.isEmpty() ? Long.MAX_VALUE : points.getFirst().atMillis();
                List<ModelSample> older = s.points().stream().filter(p -> p.atMillis() < firstHeld).toList();
                for (int i = older.size() - 1; i >= 0 && points.size() < retainedSeconds; i--) {
                    points.addFirst(older.get(i));
                }
            }
        }
    }

    /**
     * Records the current state of every node.
     *
     * @param gateway what the gateway counted so far for a (node, model)
     */
    public void sample(long atMillis, List<NodeView> nodes,
                       java.util.function.BiFunction<String, String, ModelSample.GatewayCounts> gateway) {
        for (NodeView node : nodes) {
            if (node.status() == null) {
                continue;
            }
            for (ModelReport m : node.status().models()) {
                ModelSample sample = ModelSample.scraped(atMillis, node.health() == NodeHealth.UP, m, gateway.apply(node.id(), m.model()));
                Deque<ModelSample> points = series.computeIfAbsent(new Key(node.id(), m.model()), k -> new ArrayDeque<>());
                synchronized (points) {
                    if (!points.isEmpty() && points.getLast().atMillis() >= atMillis) {
                        continue; // the same snapshot seen twice (a stream resumed): one point per instant
                    }
                    points.addLast(sample);
                    while (points.size() > retainedSeconds) {
                        points.removeFirst();
                    }
                }
            }
        }
    }

    /** The last {@code seconds} samples of one series, oldest first. */
    public List<ModelSample> recent(Key key, int seconds) {
        Deque<ModelSample> points = series.get(key);
        if (points == null) {
            return List.of();
        }
        synchronized (points) {
            List<ModelSample> all = new ArrayList<>(points);
            return List.copyOf(all.subList(Math.max(0, all.size() - seconds), all.size()));
        }
    }

    public List<Key> keys() {
        return series.keySet().stream().sorted(java.util.Comparator.comparing(Key::node).thenComparing(Key::model)).toList();
    }
}
