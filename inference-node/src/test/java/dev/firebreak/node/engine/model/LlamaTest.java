package dev.firebreak.node.engine.model;

import dev.firebreak.node.engine.tensor.WeightType;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The forward pass against {@link NaiveLlama} on the same weights, decode, prefill and batches. */
class LlamaTest {

    /** Tolerance relative to the largest logit: float accumulation in another order, through the layers. */
    private static final double TOLERANCE = 2e-4;

    @AutoClose
    private final Arena arena = Arena.ofShared();

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("MHA tied F32", new LlamaConfig(64, 96, 2, 4, 4, 50, 64, 1e-5f, 10000f, true), WeightType.F32),
                Arguments.of("GQA untied F32", new LlamaConfig(48, 80, 2, 6, 2, 37, 64, 1e-5f, 500000f, false), WeightType.F32),
                Arguments.of("GQA Q8_0", new LlamaConfig(64, 128, 3, 4, 2, 64, 64, 1e-5f, 10000f, true), WeightType.Q8_0),
                Arguments.of("GQA Q4_0", new LlamaConfig(64, 128, 2, 8, 2, 96, 64, 1e-5f, 10000f, false), WeightType.Q4_0),
                // One KV head: a lone sequence's six query heads are split between the kernel threads.
                Arguments.of("MQA untied F32", new LlamaConfig(48, 80, 2, 6, 1, 37, 64, 1e-5f, 10000f, false), WeightType.F32));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void shouldMatchTheReferenceTokenByToken(String name, LlamaConfig config, WeightType type) {
        ModelAndReference m = onSyntheticWeights(config, 42, type);
        int[] tokens = tokens(config, 12, 1);
        try (ContiguousKvCache cache = new ContiguousKvCache(config, 32)) {
            for (int pos = 0; pos < tokens.length; pos++) {
                float[] logits = m.model().forward(Batch.prefill(new int[] {tokens[pos]}, pos, cache));
                assertClose(logits, m.reference().step(tokens[pos]), "position " + pos);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void shouldMatchTheReferenceWhenThePromptIsPrefilledAtOnce(String name, LlamaConfig config, WeightType type) {
        ModelAndReference m = onSyntheticWeights(config, 7, type);
        int[] prompt = tokens(config, 11, 2);
        float[] expected = null;
        for (int token : prompt) {
            expected = m.reference().step(token);
        }
        try (ContiguousKvCache cache = new ContiguousKvCache(config, 32)) {
            assertClose(m.model().forward(Batch.prefill(prompt, 0, cache)), expected, "prefill");
            int next = 5;
            assertClose(m.model().forward(Batch.prefill(new int[] {next}, prompt.length, cache)), m.reference().step(next),
                    "decode after prefill");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void shouldGiveEachSequenceOfABatchWhatItWouldGetAlone(String name, LlamaConfig config, WeightType type) {
        LlamaWeights weights = SyntheticWeights.generate(config, 3, type, arena);
        Llama model = new Llama(config, weights);
        int[] promptA = tokens(config, 9, 3);
        int[] promptB = tokens(config, 4, 4);
        try (ContiguousKvCache a = new ContiguousKvCache(config, 16); ContiguousKvCache b = new ContiguousKvCache(config, 16);
             ContiguousKvCache aloneA = new ContiguousKvCache(config, 16);
             ContiguousKvCache aloneB = new ContiguousKvCache(config, 16)) {
            model.forward(Batch.prefill(promptA, 0, a));
            model.forward(Batch.prefill(promptB, 0, b));
            model.forward(Batch.prefill(promptA, 0, aloneA));
            model.forward(Batch.prefill(promptB, 0, aloneB));

            float[] batched = model.forward(new Batch(new int[] {1, 2}, new int[] {promptA.length, promptB.length},
                    new KvCache[] {a, b}, new boolean[] {true, true}));
            float[] soloA = model.forward(Batch.prefill(new int[] {1}, promptA.length, aloneA));
            float[] soloB = model.forward(Batch.prefill(new int[] {2}, promptB.length, aloneB));

            int vocab = config.vocabSize();
            assertClose(Arrays.copyOfRange(batched, 0, vocab), soloA, "sequence A in the batch");
            assertClose(Arrays.copyOfRange(batched, vocab, 2 * vocab), soloB, "sequence B in the batch");
        }
    }

    /** The forward pass under test and the naive one it must match, on the same synthetic weights. */
    private record ModelAndReference(Llama model, NaiveLlama reference) {
    }

    private ModelAndReference onSyntheticWeights(LlamaConfig config, long seed, WeightType type) {
        LlamaWeights weights = SyntheticWeights.generate(config, seed, type, arena);
        return new ModelAndReference(new Llama(config, weights), new NaiveLlama(config, weights));
    }

    private static int[] tokens(LlamaConfig config, int n, int seed) {
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = (i * 7 + seed * 13) % config.vocabSize();
        }
        return tokens;
    }

    private static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        double max = 0;
        for (float e : expected) {
            max = Math.max(max, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as("%s logit %d (largest %.3f)", what, i, max)
                    .isLessThanOrEqualTo((float) (TOLERANCE * max + 1e-6));
        }
    }
}
