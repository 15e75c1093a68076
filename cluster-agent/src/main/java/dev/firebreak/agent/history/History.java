package dev.firebreak.agent.history;

import dev.firebreak.agent.api.ModelSample;
import dev.firebreak.agent.api.Series;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.api.ModelReport;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recent past of every (node, model), one sample a second, kept for {@value #RETAINED_SECONDS}
 * seconds: every sample of the last {@value #FULL_SECONDS} seconds (the detectors' minute and more),
 * one per {@value #COARSE_SECONDS} seconds before that (a chart's quarter hour). At a thousand nodes
 * of four models a quarter hour of every second was most of the agent's heap.
 */
public final class History {

    public static final int RETAINED_SECONDS = 900;
    /** Seconds back to which every sample is kept. */
    public static final int FULL_SECONDS = 120;
    /** Spacing of the samples kept before that. */
    public static final int COARSE_SECONDS = 5;

    /** One (node, model) series. */
    public record Key(String node, String model) {
    }

    /** One series: its recent samples, all of them, and the older ones, thinned. Guarded by itself. */
    private static final class Track {
        final Deque<ModelSample> recent = new ArrayDeque<>();
        final Deque<ModelSample> older = new ArrayDeque<>();

        ModelSample newest() {
            return recent.isEmpty() ? older.peekLast() : recent.peekLast();
        }

        ModelSample oldest() {
            return older.isEmpty() ? recent.peekFirst() : older.peekFirst();
        }

        void add(ModelSample sample, long retainedMillis, int retainedCount) {
            recent.addLast(sample);
            while (recent.size() > Math.min(FULL_SECONDS, retainedCount)) {
                ModelSample leaving = recent.removeFirst();
                ModelSample lastOlder = older.peekLast();
                if (lastOlder == null || leaving.atMillis() - lastOlder.atMillis() >= COARSE_SECONDS * 1000L) {
                    older.addLast(leaving);
                }
            }
            while (!older.isEmpty() && sample.atMillis() - older.peekFirst().atMillis() >= retainedMillis) {
                older.removeFirst();
            }
        }

        int size() {
            return recent.size() + older.size();
        }
    }

    private final Map<Key, Track> series = new ConcurrentHashMap<>();
    private final int retainedSeconds;

    /** A history of {@value #RETAINED_SECONDS} seconds, the agent's. */
    public History() {
        this(RETAINED_SECONDS);
    }

    /** A history of the last {@code retainedSeconds} seconds of each series. */
    public History(int retainedSeconds) {
        if (retainedSeconds < 2) {
            throw new IllegalArgumentException("a history needs at least 2 seconds, got " + retainedSeconds);
        }
        this.retainedSeconds = retainedSeconds;
    }

    /**
     * Fills in the past from another history: points older than what a series already holds are
     * put before it, thinned as older points are, the rest ignored.
     */
    public void backfill(List<Series> past) {
        for (Series s : past) {
            Track track = series.computeIfAbsent(new Key(s.node(), s.model()), k -> new Track());
            synchronized (track) {
                ModelSample first = track.oldest();
                long firstHeld = first == null ? Long.MAX_VALUE : first.atMillis();
                List<ModelSample> older = s.points().stream().filter(p -> p.atMillis() < firstHeld).toList();
                Deque<ModelSample> target = track.older.isEmpty() && track.recent.isEmpty() ? track.recent : track.older;
                long nextAllowed = firstHeld;
                for (int i = older.size() - 1; i >= 0 && track.size() < retainedSeconds; i--) {
                    ModelSample p = older.get(i);
                    if (target == track.recent || nextAllowed - p.atMillis() >= COARSE_SECONDS * 1000L) {
                        target.addFirst(p);
                        nextAllowed = p.atMillis();
                    }
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
                Track track = series.computeIfAbsent(new Key(node.id(), m.model()), k -> new Track());
                synchronized (track) {
                    ModelSample newest = track.newest();
                    if (newest != null && newest.atMillis() >= atMillis) {
                        continue; // the same snapshot seen twice (a stream resumed): one point per instant
                    }
                    track.add(sample, retainedSeconds * 1000L, retainedSeconds);
                }
            }
        }
    }

    /**
     * The samples of one series over its last {@code seconds} samples, oldest first: within the last
     * {@value #FULL_SECONDS}, exactly that many; further back, the thinned ones of that time span.
     */
    public List<ModelSample> recent(Key key, int seconds) {
        Track track = series.get(key);
        if (track == null) {
            return List.of();
        }
        synchronized (track) {
            if (seconds <= track.recent.size()) {
                // From the newest back: the detectors ask for a minute, for every series every second.
                ModelSample[] last = new ModelSample[seconds];
                java.util.Iterator<ModelSample> newestFirst = track.recent.descendingIterator();
                for (int i = last.length - 1; i >= 0; i--) {
                    last[i] = newestFirst.next();
                }
                return List.of(last);
            }
            ModelSample newest = track.newest();
            long from = newest == null ? 0 : newest.atMillis() - seconds * 1000L;
            List<ModelSample> points = new java.util.ArrayList<>(track.size());
            for (ModelSample p : track.older) {
                if (p.atMillis() > from) {
                    points.add(p);
                }
            }
            points.addAll(track.recent);
            return List.copyOf(points);
        }
    }

    public List<Key> keys() {
        return series.keySet().stream().sorted(java.util.Comparator.comparing(Key::node).thenComparing(Key::model)).toList();
    }
}
