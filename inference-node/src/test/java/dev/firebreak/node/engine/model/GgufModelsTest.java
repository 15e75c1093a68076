package dev.firebreak.node.engine.model;

import dev.firebreak.node.engine.gguf.GgufException;
import dev.firebreak.node.engine.tensor.WeightType;
import dev.firebreak.node.engine.tokenizer.GgufVocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A model written to GGUF and mapped back gives exactly the logits of the model in memory. */
class GgufModelsTest {

    private static final LlamaConfig CONFIG = new LlamaConfig(64, 128, 2, 4, 2, Preset.BYTE_VOCAB, 64, 1e-5f, 10000f, false);

    @TempDir
    Path dir;

    @Test
    void shouldServeTheSameModelFromAMappedFile() throws Exception {
        Path file = dir.resolve("model.gguf");
        try (Arena arena = Arena.ofShared()) {
            LlamaWeights weights = SyntheticWeights.generate(CONFIG, 9, WeightType.Q8_0, arena);
            GgufModels.writeByteLevel("test-model", CONFIG, weights, file);
            Llama inMemory = new Llama(CONFIG, weights);

            try (LoadedModel loaded = GgufModels.load(file);
                 ContiguousKvCache a = new ContiguousKvCache(CONFIG, 16);
                 ContiguousKvCache b = new ContiguousKvCache(CONFIG, 16)) {
                assertThat(loaded.name()).isEqualTo("test-model");
                assertThat(loaded.config()).isEqualTo(CONFIG);
                int[] prompt = loaded.tokenizer().encode("hi there");
                assertThat(prompt).containsExactly("hi there".chars().toArray());
                float[] expected = inMemory.forward(Batch.prefill(prompt, 0, a));
                float[] actual = loaded.llama().forward(Batch.prefill(prompt, 0, b));
                assertThat(Arrays.equals(actual, expected)).isTrue();
            }
        }
    }

    @Test
    void shouldNameTheFileAndTheMissingTensor() throws Exception {
        Path file = dir.resolve("broken.gguf");
        try (Arena arena = Arena.ofShared()) {
            GgufModels.writeByteLevel("m", CONFIG, SyntheticWeights.generate(CONFIG, 1, WeightType.F32, arena), file);
        }
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace("blk.1.ffn_up.weight", "blk.1.ffn_XX.weight");
        Files.write(file, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> GgufModels.load(file)).isInstanceOf(GgufException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining("missing tensor 'blk.1.ffn_up.weight'");
    }

    @Test
    void shouldRefuseAVocabularyShorterThanTheEmbeddingNamingBoth() throws Exception {
        Path file = dir.resolve("short-vocab.gguf");
        LlamaConfig wider = new LlamaConfig(64, 128, 2, 4, 2, Preset.BYTE_VOCAB + 10, 64, 1e-5f, 10000f, false);
        try (Arena arena = Arena.ofShared()) {
            GgufModels.write("m", wider, SyntheticWeights.generate(wider, 1, WeightType.F32, arena), GgufVocabulary.byteLevel(), file);
        }

        assertThatThrownBy(() -> GgufModels.load(file)).isInstanceOf(GgufException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("tokenizer.ggml.tokens has 262 tokens but tensor 'token_embd.weight' has 272 rows");
    }

    @Test
    void shouldLoadPresetsByNameWithDistinctWeights() throws Exception {
        try (LoadedModel chat = LoadedModel.preset("tiny-chat", WeightType.Q8_0);
             LoadedModel code = LoadedModel.preset("tiny-code", WeightType.Q8_0)) {
            assertThat(chat.config()).isEqualTo(Preset.TINY.config());
            float[] a = new float[chat.config().dim()];
            float[] b = new float[chat.config().dim()];
            chat.llama().weights().tokenEmbedding().dequantizeRow(5, a, 0);
            code.llama().weights().tokenEmbedding().dequantizeRow(5, b, 0);
            assertThat(a).isNotEqualTo(b);
        }
        assertThatThrownBy(() -> LoadedModel.preset("huge", WeightType.Q8_0)).hasMessageContaining("no preset 'huge'");
    }
}
