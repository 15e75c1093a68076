package dev.firebreak.node.bench;

import dev.firebreak.node.engine.model.LlamaConfig;
import dev.firebreak.node.engine.tokenizer.BpeTokenizer;
import dev.firebreak.node.engine.tokenizer.GgufVocabulary;

import java.util.ArrayList;
import java.util.List;

/**
 * Llama 3 shapes at three sizes for the head-to-head benchmark: grouped-query attention, RoPE base
 * 500,000, tied embeddings (as Llama 3.2 1B), and Llama 3's vocabulary size of 128,256.
 */
enum Llama3Shape {
    /** About 56M parameters, 49M of them the embedding. */
    S60M(new LlamaConfig(384, 1024, 4, 6, 2, Llama3Shape.VOCAB, 2048, 1e-5f, 500000f, true)),
    /** About 266M parameters. */
    M250M(new LlamaConfig(1024, 2816, 12, 16, 4, Llama3Shape.VOCAB, 2048, 1e-5f, 500000f, true)),
    /** About 1.24B parameters: Llama 3.2 1B's shape. */
    L1B(new LlamaConfig(2048, 8192, 16, 32, 8, Llama3Shape.VOCAB, 2048, 1e-5f, 500000f, true));

    static final int VOCAB = 128_256;
    /** Llama 3's first special token: {@code <|begin_of_text|>}; 256 special tokens from here. */
    static final int FIRST_SPECIAL = 128_000;
    static final int BOS = 128_000;
    static final int EOS = 128_001;

    private final LlamaConfig config;

    Llama3Shape(LlamaConfig config) {
        this.config = config;
    }

    LlamaConfig config() {
        return config;
    }

    /**
     * A vocabulary of Llama 3's size and special-token ids with no merges: the 256 byte tokens, then
     * distinct filler tokens up to 128,000, then Llama 3's special tokens. Text tokenizes one byte a
     * token, the same on both sides, so a prompt of n ASCII characters after the BOS is n + 1 tokens.
     */
    static GgufVocabulary vocabulary() {
        List<String> tokens = new ArrayList<>(VOCAB);
        int[] types = new int[VOCAB];
        for (int id = 0; id < VOCAB; id++) {
            if (id < 256) {
                tokens.add(BpeTokenizer.byteToken(id));
            } else if (id < FIRST_SPECIAL) {
                tokens.add("filler" + id);
            } else {
                tokens.add(switch (id) {
                    case BOS -> "<|begin_of_text|>";
                    case EOS -> "<|end_of_text|>";
                    case 128_009 -> "<|eot_id|>";
                    default -> "<|reserved_special_token_" + (id - FIRST_SPECIAL) + "|>";
                });
            }
            types[id] = id < FIRST_SPECIAL ? GgufVocabulary.NORMAL : GgufVocabulary.CONTROL;
        }
        return new GgufVocabulary(tokens, List.of(), types, BOS, EOS, "llama-bpe");
    }
}
