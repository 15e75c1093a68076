package dev.firebreak.node.bench;

import dev.firebreak.node.engine.model.Batch;
import dev.firebreak.node.engine.model.ContiguousKvCache;
import dev.firebreak.node.engine.model.Llama;
import dev.firebreak.node.engine.model.Preset;
import dev.firebreak.node.engine.model.SyntheticWeights;
import dev.firebreak.node.engine.tensor.WeightType;
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

import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;

/** Whole-model prefill (a 128-token prompt in one batch) and decode (one token at position 128). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ModelBench {

    static final int PROMPT = 128;

    @Param({"TINY", "SMALL", "MEDIUM"})
    public Preset preset;

    @Param({"Q8_0"})
    public WeightType type;

    private Arena arena;
    private Llama model;
    private ContiguousKvCache cache;
    private int[] prompt;

    @Setup(Level.Trial)
    public void load() {
        arena = Arena.ofShared();
        model = new Llama(preset.config(), SyntheticWeights.generate(preset.config(), 1, type, arena));
        cache = new ContiguousKvCache(preset.config(), PROMPT + 1);
        prompt = new int[PROMPT];
        for (int i = 0; i < PROMPT; i++) {
            prompt[i] = (i * 31 + 7) % preset.config().vocabSize();
        }
        model.forward(Batch.prefill(prompt, 0, cache));
    }

    @TearDown(Level.Trial)
    public void free() {
        cache.close();
        arena.close();
    }

    /** Tokens per call: {@link #PROMPT}. */
    @Benchmark
    public float[] prefill() {
        return model.forward(Batch.prefill(prompt, 0, cache));
    }

    /** One token after the prompt. Bytes read per call: the weights (plus a little KV cache). */
    @Benchmark
    public float[] decode() {
        return model.forward(Batch.prefill(new int[] {42}, PROMPT, cache));
    }

    long weightBytes() {
        return model.weights().bytesPerToken();
    }
}
