package dev.firebreak.node.bench;

import dev.firebreak.node.engine.model.Attention;
import dev.firebreak.node.engine.model.Batch;
import dev.firebreak.node.engine.model.ContiguousKvCache;
import dev.firebreak.node.engine.model.KvCache;
import dev.firebreak.node.engine.model.LlamaConfig;
import dev.firebreak.node.engine.tensor.Parallel;
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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One layer's attention for a lone sequence decoding at position {@value #POSITION} on a model
 * whose {@value #HEADS} query heads share one KV head (multi-query attention): on every kernel
 * thread, where the group's query heads are split between threads, against the calling thread
 * alone ({@link Parallel#onCallingThread}), which is all such a layer had before the split.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MqaAttentionBench {

    static final int POSITION = 2048;
    static final int HEADS = 32;
    private static final LlamaConfig CONFIG = new LlamaConfig(2048, 5632, 1, HEADS, 1, 256, 4096, 1e-5f, 10000f, true);

    @Param({"all", "calling"})
    public String threads;

    private ContiguousKvCache cache;
    private Attention attention;
    private Batch batch;
    private float[] q;
    private float[] out;

    @Setup(Level.Trial)
    public void build() {
        attention = new Attention(CONFIG);
        cache = new ContiguousKvCache(CONFIG, POSITION + 1);
        cache.memory().fill((byte) 0);
        batch = new Batch(new int[1], new int[] {POSITION}, new KvCache[] {cache}, new boolean[1]);
        SplittableRandom random = new SplittableRandom(5);
        q = new float[CONFIG.dim()];
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) random.nextDouble();
        }
        out = new float[q.length];
    }

    @TearDown(Level.Trial)
    public void free() {
        cache.close();
    }

    @Benchmark
    public float[] attention() {
        if (threads.equals("calling")) {
            Parallel.onCallingThread(() -> attention.run(0, batch, q, out));
        } else {
            attention.run(0, batch, q, out);
        }
        return out;
    }
}
