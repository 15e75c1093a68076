package dev.firebreak.node.bench;

import dev.firebreak.node.engine.kv.BlockTable;
import dev.firebreak.node.engine.kv.KvBlockPool;
import dev.firebreak.node.engine.kv.ModelKv;
import dev.firebreak.node.engine.kv.ModelKvLayout;
import dev.firebreak.node.engine.model.ContiguousKvCache;
import dev.firebreak.node.engine.model.KvCache;
import dev.firebreak.node.engine.model.LlamaConfig;
import dev.firebreak.node.engine.model.Preset;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/** One layer's attention for a batch of 8 decoding sequences at position 1024: paged blocks against one slab. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AttentionBench {

    static final int SEQUENCES = 8;
    static final int POSITION = 1024;
    private static final LlamaConfig CONFIG = Preset.SMALL.config();

    @Param({"contiguous", "paged"})
    public String cache;

    private KvBlockPool pool;
    private ContiguousKvCache[] slabs;
    private AttentionInputs inputs;

    @Setup(Level.Trial)
    public void build() {
        KvCache[] caches = new KvCache[SEQUENCES];
        if (cache.equals("paged")) {
            ModelKvLayout layout = ModelKvLayout.of(CONFIG, 16);
            int blocks = SEQUENCES * (POSITION / 16 + 2);
            pool = new KvBlockPool(16, layout.blockBytes(), blocks, KvBlockPool.Isolation.SHARED, new int[] {blocks});
            ModelKv kv = new ModelKv(pool, 0, layout);
            for (int s = 0; s < SEQUENCES; s++) {
                BlockTable table = kv.newTable();
                kv.grow(table, POSITION + 1);
                caches[s] = table;
            }
        } else {
            slabs = new ContiguousKvCache[SEQUENCES];
            for (int s = 0; s < SEQUENCES; s++) {
                slabs[s] = new ContiguousKvCache(CONFIG, POSITION + 1);
                caches[s] = slabs[s];
            }
        }
        inputs = AttentionInputs.decoding(CONFIG, POSITION, caches, 3);
    }

    @TearDown(Level.Trial)
    public void free() {
        if (pool != null) {
            pool.close();
        }
        if (slabs != null) {
            for (ContiguousKvCache slab : slabs) {
                slab.close();
            }
        }
    }

    @Benchmark
    public float[] attention() {
        return inputs.run();
    }
}
