package dev.firebreak.node.engine.model;

import dev.firebreak.node.engine.gguf.GgufException;
import dev.firebreak.node.engine.gguf.GgufFile;
import dev.firebreak.node.engine.gguf.GgufWriter;
import dev.firebreak.node.engine.tensor.WeightMatrix;
import dev.firebreak.node.engine.tokenizer.BpeTokenizer;
import dev.firebreak.node.engine.tokenizer.GgufVocabulary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Llama models in GGUF files: loading one and writing one. F32, F16 and Q4_0 weights are read in the
 * mapping (page cache the kernel may evict and re-read); Q8_0 weights are repacked at load into
 * memory of their own, 6% larger than in the file (see {@code Q8Matrix}), so a Q8_0 model needs
 * that much resident memory besides the heap and the KV pool.
 */
public final class GgufModels {

    private GgufModels() {
    }

    /** Maps {@code file} and builds the model it holds; errors name the file and what is wrong. */
    public static LoadedModel load(Path file) throws IOException {
        GgufFile gguf = GgufFile.open(file);
        try {
            String architecture = gguf.get("general.architecture", String.class);
            if (!architecture.equals("llama")) {
                throw new GgufException(file, "architecture '" + architecture + "' is not supported; only 'llama'");
            }
            BpeTokenizer tokenizer = BpeTokenizer.fromGguf(gguf);
            checkVocabulary(gguf, tokenizer.vocabSize());
            LlamaConfig config = config(gguf, tokenizer.vocabSize());
            LlamaWeights weights = weights(gguf, config);
            try {
                weights.validate(config);
            } catch (IllegalArgumentException e) {
                throw new GgufException(file, e.getMessage());
            }
            String name = gguf.find("general.name", String.class).orElse(file.getFileName().toString());
            return new LoadedModel(name, new Llama(config, weights), tokenizer, gguf);
        } catch (Throwable e) {
            // Errors too: running out of memory while repacking must not leave the mapping and the
            // matrices already repacked behind.
            gguf.close();
            throw e;
        }
    }

    /** The embedding has a row per token: a vocabulary of another size is refused with both sizes named. */
    private static void checkVocabulary(GgufFile gguf, int tokens) throws GgufException {
        long rows = gguf.tensor("token_embd.weight").dims().length == 2 ? gguf.tensor("token_embd.weight").dims()[1] : -1;
        if (rows != tokens) {
            throw new GgufException(gguf.path(), "tokenizer.ggml.tokens has " + tokens + " tokens but tensor"
                    + " 'token_embd.weight' has " + rows + " rows; the embedding needs one row per token");
        }
        var declared = gguf.find("llama.vocab_size", Number.class);
        if (declared.isPresent() && declared.get().longValue() != tokens) {
            throw new GgufException(gguf.path(), "llama.vocab_size is " + declared.get() + " but tokenizer.ggml.tokens has "
                    + tokens + " tokens");
        }
    }

    private static LlamaConfig config(GgufFile gguf, int vocab) throws GgufException {
        int heads = gguf.getInt("llama.attention.head_count");
        try {
            return new LlamaConfig(
                    gguf.getInt("llama.embedding_length"),
                    gguf.getInt("llama.feed_forward_length"),
                    gguf.getInt("llama.block_count"),
                    heads,
                    gguf.find("llama.attention.head_count_kv", Number.class).map(Number::intValue).orElse(heads),
                    vocab,
                    gguf.getInt("llama.context_length"),
                    gguf.find("llama.attention.layer_norm_rms_epsilon", Float.class).orElse(1e-5f),
                    gguf.find("llama.rope.freq_base", Float.class).orElse(10000f),
                    gguf.findTensor("output.weight").isEmpty());
        } catch (IllegalArgumentException e) {
            throw new GgufException(gguf.path(), "model shape: " + e.getMessage());
        }
    }

    private static LlamaWeights weights(GgufFile gguf, LlamaConfig config) throws GgufException {
        WeightMatrix embedding = gguf.matrix("token_embd.weight");
        List<LlamaWeights.Layer> layers = new ArrayList<>();
        for (int l = 0; l < config.layers(); l++) {
            String p = "blk." + l + ".";
            layers.add(new LlamaWeights.Layer(
                    gguf.tensor(p + "attn_norm.weight").toFloats(),
                    gguf.matrix(p + "attn_q.weight"), gguf.matrix(p + "attn_k.weight"),
                    gguf.matrix(p + "attn_v.weight"), gguf.matrix(p + "attn_output.weight"),
                    gguf.tensor(p + "ffn_norm.weight").toFloats(),
                    gguf.matrix(p + "ffn_gate.weight"), gguf.matrix(p + "ffn_down.weight"),
                    gguf.matrix(p + "ffn_up.weight")));
        }
        WeightMatrix output = gguf.findTensor("output.weight").isPresent() ? gguf.matrix("output.weight") : embedding;
        return new LlamaWeights(embedding, layers, gguf.tensor("output_norm.weight").toFloats(), output);
    }

    /**
     * Writes a model with the byte-level vocabulary (as a gpt2 tokenizer with no merges) to
     * {@code file}, so synthetic presets can be served and benchmarked from GGUF like real models.
     */
    public static void writeByteLevel(String name, LlamaConfig config, LlamaWeights weights, Path file) throws IOException {
        write(name, config, weights, GgufVocabulary.byteLevel(), file);
    }

    /**
     * Writes a model with {@code vocabulary} to {@code file}, as given: a vocabulary of another size
     * than the embedding's rows makes a file that {@link #load} refuses (the tests write such files).
     */
    public static void write(String name, LlamaConfig config, LlamaWeights weights, GgufVocabulary vocabulary, Path file)
            throws IOException {
        GgufWriter writer = new GgufWriter()
                .metadata("general.architecture", "llama")
                .metadata("general.name", name)
                .metadata("llama.embedding_length", config.dim())
                .metadata("llama.feed_forward_length", config.hiddenDim())
                .metadata("llama.block_count", config.layers())
                .metadata("llama.attention.head_count", config.heads())
                .metadata("llama.attention.head_count_kv", config.kvHeads())
                .metadata("llama.context_length", config.contextLength())
                .metadata("llama.attention.layer_norm_rms_epsilon", config.rmsEpsilon())
                .metadata("llama.rope.freq_base", config.ropeTheta())
                .metadata("tokenizer.ggml.model", "gpt2")
                .metadata("tokenizer.ggml.pre", vocabulary.pre())
                .metadata("tokenizer.ggml.tokens", vocabulary.tokens())
                .metadata("tokenizer.ggml.merges", vocabulary.merges())
                .metadata("tokenizer.ggml.token_type", vocabulary.tokenTypes())
                .metadata("tokenizer.ggml.bos_token_id", vocabulary.bos())
                .metadata("tokenizer.ggml.eos_token_id", vocabulary.eos());
        writer.tensor("token_embd.weight", weights.tokenEmbedding());
        for (int l = 0; l < config.layers(); l++) {
            LlamaWeights.Layer layer = weights.layers().get(l);
            String p = "blk." + l + ".";
            writer.vector(p + "attn_norm.weight", layer.attentionNorm())
                    .tensor(p + "attn_q.weight", layer.wq()).tensor(p + "attn_k.weight", layer.wk())
                    .tensor(p + "attn_v.weight", layer.wv()).tensor(p + "attn_output.weight", layer.wo())
                    .vector(p + "ffn_norm.weight", layer.ffnNorm())
                    .tensor(p + "ffn_gate.weight", layer.gate()).tensor(p + "ffn_down.weight", layer.down())
                    .tensor(p + "ffn_up.weight", layer.up());
        }
        writer.vector("output_norm.weight", weights.outputNorm());
        if (!config.tiedEmbeddings()) {
            writer.tensor("output.weight", weights.output());
        }
        writer.write(file);
    }

}
