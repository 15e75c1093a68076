package dev.firebreak.node.engine.tokenizer;

/** Text to token ids and back. */
public interface Tokenizer {

    /** Token ids of {@code text}, special-token text treated as plain text (no BOS added). */
    int[] encode(String text);

    /** Like {@link #encode}, but the text of a special token (e.g. {@code <|eot_id|>}) becomes that token. */
    int[] encodeWithSpecials(String text);

    /** The raw bytes a token stands for; empty for special tokens, which carry no text. */
    byte[] bytes(int token);

    int vocabSize();

    boolean isSpecial(int token);

    /** The id of the special token spelled {@code text}, or -1. */
    int specialId(String text);

    int bosId();

    /** The token that ends a turn or a text. */
    int eosId();

    /** The text of {@code tokens}, special tokens left out. */
    /**
     * The tokens a model may generate, or null for every token. A real vocabulary leaves the choice to
     * the model; the synthetic presets' byte vocabulary narrows it to visible text, because random
     * weights would otherwise repeat a chat turn's control token, or end at once, and answer nothing.
     */
    default java.util.BitSet generatable() {
        return null;
    }

    default String decode(int[] tokens) {
        StreamDecoder decoder = new StreamDecoder(this);
        StringBuilder text = new StringBuilder();
        for (int token : tokens) {
            text.append(decoder.push(token));
        }
        return text.append(decoder.flush()).toString();
    }
}
