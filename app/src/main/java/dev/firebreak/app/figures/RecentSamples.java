package dev.firebreak.app.figures;

import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.ModelSample;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.api.Series;
import dev.firebreak.agent.api.ModelReport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the console draws of the recent past: a bounded ring of one-second samples per (node, model),
 * filled from the agent's {@code /api/v1/series} when the console connects, then from each snapshot.
 * The agent keeps the history; this keeps only the charts' window. Thread-safe.
 */
public final class RecentSamples {

    /** One (node, model) series. */
    public record Key(String node, String model) {
    }

    private final Map<Key, Deque<ModelSample>> rings = new HashMap<>();
    private final int kept;

    /** Keeps the last {@code kept} samples of each series. */
    public RecentSamples(int kept) {
        if (kept < 2) {
            throw new IllegalArgumentException("a rate needs at least 2 samples, asked to keep " + kept);
        }
        this.kept = kept;
    }

    /** Adds the agent's past: only points older than what a ring already holds, so nothing is counted twice. */
    public synchronized void backfill(List<Series> past) {
        for (Series s : past) {
            Deque<ModelSample> ring = ring(new Key(s.node(), s.model()));
            long firstHeld = ring.isEmpty() ? Long.MAX_VALUE : ring.getFirst().atMillis();
            List<ModelSample> older = s.points().stream().filter(p -> p.atMillis() < firstHeld).toList();
            for (int i = older.size() - 1; i >= 0 && ring.size() < kept; i--) {
                ring.addFirst(older.get(i));
            }
        }
    }

    /** Adds one sample per (node, model) that answered in {@code snapshot}; a snapshot seen twice adds nothing. */
    public synchronized void add(ClusterSnapshot snapshot) {
        for (NodeView node : snapshot.nodes()) {
            if (node.status() == null) {
                continue;
            }
            for (ModelReport m : node.status().models()) {
                Deque<ModelSample> ring = ring(new Key(node.id(), m.model()));
                if (!ring.isEmpty() && ring.getLast().atMillis() >= snapshot.atMillis()) {
                    continue;
                }
                // The console sees no gateway counts: it draws none of them.
                ring.addLast(ModelSample.scraped(snapshot.atMillis(), node.health() == NodeHealth.UP, m,
                        ModelSample.GatewayCounts.NONE));
                while (ring.size() > kept) {
                    ring.removeFirst();
                }
            }
        }
    }

    /** The last {@code count} samples of one series, oldest first. */
    public synchronized List<ModelSample> last(Key key, int count) {
        Deque<ModelSample> ring = rings.get(key);
        if (ring == null) {
            return List.of();
        }
        List<ModelSample> all = new ArrayList<>(ring);
        return List.copyOf(all.subList(Math.max(0, all.size() - count), all.size()));
    }

    /** Every series held, by node then model. */
    public synchronized List<Key> keys() {
        return rings.keySet().stream().sorted(Comparator.comparing(Key::node).thenComparing(Key::model)).toList();
    }

    private Deque<ModelSample> ring(Key key) {
        return rings.computeIfAbsent(key, k -> new ArrayDeque<>());
    }
}
