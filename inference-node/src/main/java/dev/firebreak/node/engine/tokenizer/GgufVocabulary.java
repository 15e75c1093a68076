package dev.firebreak.node.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * A byte-level BPE vocabulary as a GGUF file carries it ({@code tokenizer.ggml.*}): what a model
 * writer embeds and what {@link BpeTokenizer#fromGguf} reads back.
 *
 * @param tokens the token texts in the byte-level alphabet, by id
 * @param merges merge rules, {@code "left right"}, by rank
 * @param tokenTypes GGUF token types by id (1 normal, 3 control)
 * @param pre the pre-tokenizer's name as llama.cpp knows it ({@code llama-bpe} for Llama 3)
 */
public record GgufVocabulary(List<String> tokens, List<String> merges, int[] tokenTypes, int bos, int eos, String pre) {

    public static final int NORMAL = 1;
    public static final int CONTROL = 3;

    public GgufVocabulary {
        tokens = List.copyOf(tokens);
        merges = List.copyOf(merges);
        if (tokenTypes.length != tokens.size()) {
            throw new IllegalArgumentException(tokens.size() + " tokens but " + tokenTypes.length + " token types");
        }
        if (bos < 0 || bos >= tokens.size() || eos < 0 || eos >= tokens.size()) {
            throw new IllegalArgumentException("bos " + bos + " or eos " + eos + " outside the " + tokens.size() + " tokens");
        }
    }

    /** The synthetic presets' vocabulary: the 256 bytes, then {@link ByteTokenizer#SPECIALS}; no merges. */
    public static GgufVocabulary byteLevel() {
        ByteTokenizer bytes = new ByteTokenizer();
        List<String> tokens = new ArrayList<>();
        int[] types = new int[bytes.vocabSize()];
        for (int id = 0; id < bytes.vocabSize(); id++) {
            tokens.add(id < 256 ? BpeTokenizer.byteToken(id) : ByteTokenizer.SPECIALS.get(id - 256));
            types[id] = id < 256 ? NORMAL : CONTROL;
        }
        return new GgufVocabulary(tokens, List.of(), types, bytes.bosId(), bytes.eosId(), "default");
    }
}
