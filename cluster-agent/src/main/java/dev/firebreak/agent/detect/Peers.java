package dev.firebreak.agent.detect;

import dev.firebreak.agent.api.ModelSample;

import java.util.AbstractList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every series of one model but one node's: the peers a detector compares that node with. A view
 * of the model's series, not a copy; the sums the detectors take over the peers are taken once over
 * all of the model's nodes and the node's own share subtracted, so comparing each of a thousand
 * nodes with its 999 peers costs a thousand series reads, not a million.
 */
final class Peers extends AbstractList<List<ModelSample>> {

    /** A model's series, with the sums over them worked out on first use. */
    static final class Model {
        private final List<List<ModelSample>> all;
        private final Map<Detectors.PeerCount, long[][]> counts = new EnumMap<>(Detectors.PeerCount.class);
        private final Map<Detectors.PeerCount, long[]> totals = new EnumMap<>(Detectors.PeerCount.class);

        Model(List<List<ModelSample>> all) {
            this.all = List.copyOf(all);
        }

        /** The peers of the node whose series is at {@code index}. */
        Peers of(int index) {
            return new Peers(this, index);
        }

        private long[] sumWithout(Detectors.PeerCount count, int self) {
            long[][] each = counts.get(count);
            if (each == null) {
                each = new long[all.size()][];
                long[] total = new long[2];
                for (int i = 0; i < each.length; i++) {
                    each[i] = count.count.apply(all.get(i));
                    total[0] += each[i][0];
                    total[1] += each[i][1];
                }
                counts.put(count, each);
                totals.put(count, total);
            }
            long[] total = totals.get(count);
            return new long[] {total[0] - each[self][0], total[1] - each[self][1]};
        }
    }

    private final Model model;
    private final int self;

    private Peers(Model model, int self) {
        this.model = model;
        this.self = self;
    }

    long[] sum(Detectors.PeerCount count) {
        return model.sumWithout(count, self);
    }

    @Override
    public List<ModelSample> get(int index) {
        return model.all.get(index < self ? index : index + 1);
    }

    @Override
    public int size() {
        return model.all.size() - 1;
    }
}
