package dev.firebreak.node.engine.tokenizer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ByteTokenizerTest {

    private final ByteTokenizer tokenizer = new ByteTokenizer();

    @Test
    void shouldRoundTripAnyUtf8Text() {
        for (String text : new String[] {"", "hello", "naïve café", "日本語のテキスト", "emoji 🔥🧯 ok", "tab\tnew\nline"}) {
            assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
        }
    }

    @Test
    void shouldNeverStreamHalfACharacter() {
        String text = "a🔥b日c";
        StreamDecoder decoder = new StreamDecoder(tokenizer);
        StringBuilder out = new StringBuilder();
        for (int token : tokenizer.encode(text)) {
            String chunk = decoder.push(token);
            assertThat(chunk.chars()).noneMatch(c -> c == 0xFFFD);
            if (!chunk.isEmpty()) {
                assertThat(Character.isHighSurrogate(chunk.charAt(chunk.length() - 1))).isFalse();
            }
            out.append(chunk);
        }
        assertThat(out.append(decoder.flush()).toString()).isEqualTo(text);
    }

    @Test
    void shouldRecogniseSpecialTokensOnlyWhenAsked() {
        int[] plain = tokenizer.encode("<|user|>hi");
        int[] special = tokenizer.encodeWithSpecials("<|user|>hi<|end|>");

        assertThat(plain).hasSize(10);
        assertThat(special).containsExactly(tokenizer.specialId("<|user|>"), 'h', 'i', tokenizer.specialId("<|end|>"));
        assertThat(tokenizer.decode(special)).isEqualTo("hi");
        assertThat(tokenizer.vocabSize()).isEqualTo(dev.firebreak.node.engine.model.Preset.BYTE_VOCAB);
    }
}
