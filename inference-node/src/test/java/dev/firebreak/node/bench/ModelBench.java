package dev.firebreak.node.bench;

import dev.firebreak.node.engine.model.Batch;
import dev.firebreak.node.engine.model.ContiguousKvCache;
import dev.firebreak.node.engine.model.GgufModels;
import dev.firebreak.node.engine.model.LoadedModel;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Whole-model prefill (a 128-token prompt in one batch) and decode (one token at position 128). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ModelBench {

    static final int PROMPT = 128;

    /** A preset built in memory, or {@code <preset>.gguf}: the preset written to a GGUF file and mapped back. */
    @Param({"tiny", "small", "medium", "small.gguf"})
    public String model;

    @Param({"Q8_0"})
    public WeightType type;

    private AutoCloseable memory;
    private Llama llama;
    private ContiguousKvCache cache;
    private int[] prompt;

    @Setup(Level.Trial)
    public void load() throws Exception {
        Preset preset = preset(model);
        if (model.endsWith(".gguf")) {
            Path file = Files.createTempFile("firebreak-bench-", ".gguf");
            try (Arena arena = Arena.ofConfined()) {
                GgufModels.writeByteLevel(model, preset.config(), SyntheticWeights.generate(preset.config(), 1, type, arena), file);
            }
            LoadedModel loaded = GgufModels.load(file);
            file.toFile().deleteOnExit();
            llama = loaded.llama();
            memory = loaded;
        } else {
            Arena arena = Arena.ofShared();
            llama = new Llama(preset.config(), SyntheticWeights.generate(preset.config(), 1, type, arena));
            memory = arena;
        }
        cache = new ContiguousKvCache(preset.config(), PROMPT + 1);
        prompt = prompt(preset);
        llama.forward(Batch.prefill(prompt, 0, cache));
    }

    /** The benchmark's {@link #PROMPT}-token prompt for {@code preset}: the same tokens every run. */
    static int[] prompt(Preset preset) {
        int[] tokens = new int[PROMPT];
        for (int i = 0; i < PROMPT; i++) {
            tokens[i] = (i * 31 + 7) % preset.config().vocabSize();
        }
        return tokens;
    }

    static Preset preset(String model) {
        return Preset.named(model.replace(".gguf", ""));
    }

    @TearDown(Level.Trial)
    public void free() throws Exception {
        cache.close();
        memory.close();
    }

    /** Tokens per call: {@link #PROMPT}. */
    @Benchmark
    public float[] prefill() {
        return llama.forward(Batch.prefill(prompt, 0, cache));
    }

    /** One token after the prompt. Bytes read per call: the weights (plus a little KV cache). */
    @Benchmark
    public float[] decode() {
        return llama.forward(Batch.prefill(new int[] {42}, PROMPT, cache));
    }

    /**
     * Slices of {@link #decode} taking turns with passes of the read bandwidth, for its share of
     * the same seconds.
     */
    @Benchmark
    public void decodeShare(InterleavedBandwidth bandwidth) {
        bandwidth.time(this::decode);
    }

}
