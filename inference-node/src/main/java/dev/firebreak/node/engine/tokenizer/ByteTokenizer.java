package dev.firebreak.node.engine.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;

/**
 * The synthetic models' tokenizer: ids 0-255 are the bytes of UTF-8 text, then a few special
 * tokens for chat turns. Deterministic and needs no vocabulary file.
 */
public final class ByteTokenizer implements Tokenizer {

    /** The special tokens, ids 256 onward, in this order. */
    public static final List<String> SPECIALS = List.of("<|bos|>", "<|eos|>", "<|system|>", "<|user|>",
            "<|assistant|>", "<|end|>");

    @Override
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] tokens = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            tokens[i] = bytes[i] & 0xFF;
        }
        return tokens;
    }

    @Override
    public int[] encodeWithSpecials(String text) {
        return SpecialSplitter.encode(text, SPECIALS, s -> 256 + SPECIALS.indexOf(s), this::encode);
    }

    @Override
    public byte[] bytes(int token) {
        return token < 256 ? new byte[] {(byte) token} : new byte[0];
    }

    /**
     * Printable ASCII and the newline: what a synthetic model's answer is made of. Not end-of-sequence:
     * random weights pick it at once after some prompts, and an empty answer shows nothing; a
     * synthetic answer ends at {@code max_tokens} or a stop sequence.
     */
    @Override
    public BitSet generatable() {
        BitSet allowed = new BitSet(vocabSize());
        allowed.set(0x20, 0x7F);
        allowed.set('\n');
        return allowed;
    }

    @Override
    public int vocabSize() {
        return 256 + SPECIALS.size();
    }

    @Override
    public boolean isSpecial(int token) {
        return token >= 256;
    }

    @Override
    public int specialId(String text) {
        int index = SPECIALS.indexOf(text);
        return index < 0 ? -1 : 256 + index;
    }

    @Override
    public int bosId() {
        return 256;
    }

    @Override
    public int eosId() {
        return 257;
    }

}
