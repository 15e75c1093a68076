package dev.firebreak.node.engine.tokenizer;

import dev.firebreak.node.engine.gguf.GgufException;
import dev.firebreak.node.engine.gguf.GgufFile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2-style byte-level BPE, as Llama 3 GGUF files carry it ({@code tokenizer.ggml.model = gpt2}):
 * text is split by Llama 3's pre-tokenizer pattern, each piece turned into byte-level symbols,
 * then adjacent symbols merged by rank until no merge applies.
 */
public final class BpeTokenizer implements Tokenizer {

    /**
     * Llama 3's pre-tokenizer: contractions, words, 1-3 digit groups, punctuation runs, whitespace.
     * Whitespace is Unicode's (no-break and ideographic spaces too, as llama.cpp and Hugging Face
     * read {@code \s}), where Java's {@code \s} is ASCII's alone.
     */
    static final Pattern LLAMA3_SPLIT = Pattern.compile(
            ("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
                    + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")
                    .replace("\\s", "\\p{IsWhite_Space}").replace("\\S", "\\P{IsWhite_Space}"));
    private static final int CONTROL = 3;
    /** llama.cpp's name for Llama 3's pre-tokenizer, which also ignores merges for whole-token pieces. */
    static final String LLAMA3_PRE = "llama-bpe";

    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();
    /** (left id, right id) → rank, and → merged id. */
    private final Map<Long, Integer> mergeRank = new HashMap<>();
    private final Map<Long, Integer> mergeResult = new HashMap<>();
    private final boolean[] special;
    private final Map<String, Integer> specials = new HashMap<>();
    private final int bos;
    private final int eos;
    private final boolean ignoreMerges;

    /**
     * @param tokenTypes GGUF token types per id (3 = control/special), or {@code null} for none
     */
    public BpeTokenizer(List<String> tokens, List<String> merges, int[] tokenTypes, int bos, int eos) {
        this(tokens, merges, tokenTypes, bos, eos, false);
    }

    /**
     * @param ignoreMerges whether a piece that is a token as a whole becomes that token without
     *     merging, as Llama 3's tokenizer does ({@code ignore_merges} in its tokenizer.json; llama.cpp
     *     does the same for the {@code llama-bpe} pre-tokenizer)
     */
    public BpeTokenizer(List<String> tokens, List<String> merges, int[] tokenTypes, int bos, int eos, boolean ignoreMerges) {
        this.ignoreMerges = ignoreMerges;
        this.tokens = List.copyOf(tokens);
        this.special = new boolean[tokens.size()];
        for (int id = 0; id < tokens.size(); id++) {
            ids.putIfAbsent(tokens.get(id), id);
            if (tokenTypes != null && id < tokenTypes.length && tokenTypes[id] == CONTROL) {
                special[id] = true;
                specials.put(tokens.get(id), id);
            }
        }
        for (int rank = 0; rank < merges.size(); rank++) {
            String merge = merges.get(rank);
            int space = merge.indexOf(' ', 1);
            if (space < 0) {
                throw new IllegalArgumentException("merge " + rank + " '" + merge + "' is not two symbols");
            }
            Integer left = ids.get(merge.substring(0, space));
            Integer right = ids.get(merge.substring(space + 1));
            Integer merged = ids.get(merge.substring(0, space) + merge.substring(space + 1));
            if (left != null && right != null && merged != null) {
                long key = key(left, right);
                mergeRank.putIfAbsent(key, rank);
                mergeResult.putIfAbsent(key, merged);
            }
        }
        for (int b = 0; b < 256; b++) {
            if (!ids.containsKey(String.valueOf(ByteLevel.charOf(b)))) {
                throw new IllegalArgumentException("the vocabulary lacks the byte token for 0x" + Integer.toHexString(b));
            }
        }
        this.bos = bos;
        this.eos = eos;
    }

    /** The tokenizer a GGUF file describes; only the gpt2 (byte-level BPE) model is supported. */
    public static BpeTokenizer fromGguf(GgufFile gguf) throws GgufException {
        String model = gguf.get("tokenizer.ggml.model", String.class);
        if (!model.equals("gpt2")) {
            throw new GgufException(gguf.path(), "tokenizer.ggml.model '" + model
                    + "' is not supported; only 'gpt2' (byte-level BPE, as in Llama 3)");
        }
        List<String> tokens = gguf.getStrings("tokenizer.ggml.tokens");
        List<String> merges = gguf.getStrings("tokenizer.ggml.merges");
        int[] types = gguf.find("tokenizer.ggml.token_type", int[].class).orElse(null);
        try {
            return new BpeTokenizer(tokens, merges, types, gguf.getInt("tokenizer.ggml.bos_token_id"),
                    gguf.getInt("tokenizer.ggml.eos_token_id"),
                    gguf.find("tokenizer.ggml.pre", String.class).map(LLAMA3_PRE::equals).orElse(false));
        } catch (IllegalArgumentException e) {
            throw new GgufException(gguf.path(), "tokenizer: " + e.getMessage());
        }
    }

    /** The vocabulary entry of byte {@code b} in the byte-level alphabet. */
    public static String byteToken(int b) {
        return String.valueOf(ByteLevel.charOf(b));
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    @Override
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        Matcher m = LLAMA3_SPLIT.matcher(text);
        while (m.find()) {
            encodePiece(m.group(), out);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private void encodePiece(String piece, List<Integer> out) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        if (ignoreMerges && bytes.length > 1) {
            StringBuilder text = new StringBuilder(bytes.length);
            for (byte b : bytes) {
                text.append(ByteLevel.charOf(b));
            }
            Integer whole = ids.get(text.toString());
            if (whole != null && !special[whole]) {
                out.add(whole);
                return;
            }
        }
        List<Integer> symbols = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            symbols.add(ids.get(String.valueOf(ByteLevel.charOf(b))));
        }
        while (symbols.size() > 1) {
            int bestAt = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer rank = mergeRank.get(key(symbols.get(i), symbols.get(i + 1)));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    bestAt = i;
                }
            }
            if (bestAt < 0) {
                break;
            }
            int merged = mergeResult.get(key(symbols.get(bestAt), symbols.get(bestAt + 1)));
            symbols.set(bestAt, merged);
            symbols.remove(bestAt + 1);
        }
        out.addAll(symbols);
    }

    @Override
    public int[] encodeWithSpecials(String text) {
        return SpecialSplitter.encode(text, specials.keySet(), specials::get, this::encode);
    }

    @Override
    public byte[] bytes(int token) {
        if (special[token]) {
            return new byte[0];
        }
        String text = tokens.get(token);
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            int b = ByteLevel.byteOf(text.charAt(i));
            if (b < 0) {
                // Not in the byte alphabet (some vocabularies hold raw text): take its UTF-8.
                out.writeBytes(String.valueOf(text.charAt(i)).getBytes(StandardCharsets.UTF_8));
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    @Override
    public int vocabSize() {
        return tokens.size();
    }

    @Override
    public boolean isSpecial(int token) {
        return special[token];
    }

    @Override
    public int specialId(String text) {
        return specials.getOrDefault(text, -1);
    }

    @Override
    public int bosId() {
        return bos;
    }

    @Override
    public int eosId() {
        return eos;
    }
}
