package dev.firebreak.node.engine.tokenizer;

import dev.firebreak.node.engine.gguf.GgufFile;
import dev.firebreak.node.engine.gguf.GgufWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Byte-level BPE on a small hand-made vocabulary, built the way Llama 3's is. */
class BpeTokenizerTest {

    private static final List<String> MERGES = List.of("h e", "l l", "he ll", "hell o", "Ġ w", "Ġw o", "r l", "Ġwo rl",
            "Ġworl d", "1 2", "12 3");

    @TempDir
    Path dir;

    private final List<String> tokens = vocabulary();
    private final BpeTokenizer tokenizer = new BpeTokenizer(tokens, MERGES, types(tokens), tokens.indexOf("<|begin_of_text|>"),
            tokens.indexOf("<|eot_id|>"));

    @Test
    void shouldMergeByRank() {
        assertThat(tokenizer.encode("hello world")).containsExactly(tokens.indexOf("hello"), tokens.indexOf("Ġworld"));
    }

    @Test
    void shouldSplitDigitsInGroupsOfThree() {
        int[] ids = tokenizer.encode("1234");
        assertThat(ids).containsExactly(tokens.indexOf("123"), tokens.indexOf("4"));
    }

    @Test
    void shouldRoundTripVariedText() {
        for (String text : new String[] {"hello world", "  two  spaces\n\n\tand tabs ", "I'm sure they'll", "12345 678",
                "naïve — 日本 🔥", "end.\r\n"}) {
            assertThat(tokenizer.decode(tokenizer.encode(text))).as(text).isEqualTo(text);
        }
    }

    @Test
    void shouldPreTokenizeLikeLlama3() {
        assertThat(pieces("Hello, world! I'm 12345 ok\n\n  x")).containsExactly("Hello", ",", " world", "!", " I", "'m", " ", "123", "45", " ok", "\n\n", " ", " x");
    }

    @Test
    void shouldSplitOnUnicodeWhitespaceAsLlamaCppDoes() {
        // Ideographic and no-break spaces are whitespace, as for llama.cpp (found by LlamaCppAgreementTest).
        assertThat(pieces("x\u3000\u3000y\u00a0z")).containsExactly("x", "\u3000", "\u3000y", "\u00a0z");
    }

    private static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        var m = BpeTokenizer.LLAMA3_SPLIT.matcher(text);
        while (m.find()) {
            pieces.add(m.group());
        }
        return pieces;
    }

    @Test
    void shouldTakeAWholePieceThatIsATokenWhenMergesAreIgnored() {
        List<String> withWhole = new ArrayList<>(GgufVocabulary.byteLevel().tokens());
        withWhole.add("ab");
        int[] types = new int[withWhole.size()];
        java.util.Arrays.fill(types, GgufVocabulary.NORMAL);
        int bos = 0;

        assertThat(new BpeTokenizer(withWhole, List.of(), types, bos, bos, true).encode("ab"))
                .containsExactly(withWhole.size() - 1);
        assertThat(new BpeTokenizer(withWhole, List.of(), types, bos, bos, false).encode("ab")).containsExactly('a', 'b');
    }

    @Test
    void shouldTurnSpecialTextIntoSpecialTokens() {
        int[] ids = tokenizer.encodeWithSpecials("<|begin_of_text|>hello<|eot_id|>");

        assertThat(ids).containsExactly(tokenizer.bosId(), tokens.indexOf("hello"), tokenizer.eosId());
        assertThat(tokenizer.isSpecial(tokenizer.eosId())).isTrue();
        assertThat(tokenizer.decode(ids)).isEqualTo("hello");
    }

    @Test
    void shouldLoadFromAGgufFile() throws Exception {
        Path file = dir.resolve("tok.gguf");
        new GgufWriter().metadata("tokenizer.ggml.model", "gpt2").metadata("tokenizer.ggml.tokens", tokens)
                .metadata("tokenizer.ggml.merges", MERGES).metadata("tokenizer.ggml.token_type", types(tokens))
                .metadata("tokenizer.ggml.bos_token_id", tokenizer.bosId())
                .metadata("tokenizer.ggml.eos_token_id", tokenizer.eosId()).write(file);

        try (GgufFile gguf = GgufFile.open(file)) {
            BpeTokenizer loaded = BpeTokenizer.fromGguf(gguf);
            assertThat(loaded.encode("hello world 123")).isEqualTo(tokenizer.encode("hello world 123"));
        }
    }

    @Test
    void shouldRefuseAnotherTokenizerModel() throws Exception {
        Path file = dir.resolve("spm.gguf");
        new GgufWriter().metadata("tokenizer.ggml.model", "llama").write(file);

        try (GgufFile gguf = GgufFile.open(file)) {
            assertThatThrownBy(() -> BpeTokenizer.fromGguf(gguf)).hasMessageContaining(file.toString())
                    .hasMessageContaining("tokenizer.ggml.model 'llama' is not supported");
        }
    }

    private static List<String> vocabulary() {
        List<String> v = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            v.add(BpeTokenizer.byteToken(b));
        }
        for (String merge : MERGES) {
            v.add(merge.replace(" ", ""));
        }
        v.add("<|begin_of_text|>");
        v.add("<|eot_id|>");
        return v;
    }

    private static int[] types(List<String> tokens) {
        int[] types = new int[tokens.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = tokens.get(i).startsWith("<|") ? 3 : 1;
        }
        return types;
    }
}
