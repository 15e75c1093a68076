package dev.firebreak.node.bench;

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
    private AttentionInputs inputs;

    @Setup(Level.Trial)
    public void build() {
        cache = new ContiguousKvCache(CONFIG, POSITION + 1);
        inputs = AttentionInputs.decoding(CONFIG, POSITION, new KvCache[] {cache}, 5);
    }

    @TearDown(Level.Trial)
    public void free() {
        cache.close();
    }

    @Benchmark
    public float[] attention() {
        if (threads.equals("calling")) {
            Parallel.onCallingThread(inputs::run);
            return inputs.out();
        }
        return inputs.run();
    }
}
