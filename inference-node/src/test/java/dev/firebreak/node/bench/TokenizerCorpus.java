package dev.firebreak.node.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Strings to tokenize on both sides, the same every run: ASCII prose, accents, CJK, emoji (with
 * skin tones and joiners), code, digit runs, whitespace runs, contractions in any case, Llama 3's
 * special tokens inside text, and random mixtures of all of them.
 */
final class TokenizerCorpus {

    private static final String[][] KINDS = {
            {"The quick brown fox", "jumps over the lazy dog.", "Hello, world!", "a", "I", "ok", "CamelCaseWord",
                    "e-mail", "state-of-the-art", "U.S.A.", "(parenthesis)", "[brackets]", "{braces}", "semi;colon",
                    "question?", "exclaim!!!", "...", "--", "#hashtag", "@mention", "50%", "$100", "a&b", "x|y"},
            {"café", "naïve", "résumé", "Ångström", "über", "façade", "jalapeño", "Straße", "crème brûlée",
                    "Dvořák", "Łódź", "São Paulo", "Ελληνικά", "Русский язык", "עברית", "العربية", "हिन्दी", "ไทย"},
            {"中文", "日本語のテキスト", "한국어", "漢字とかな", "你好，世界", "東京都", "汉字", "カタカナ", "ひらがな", "我爱编程"},
            {"😀", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "❤️", "🇫🇷", "🤖🔥", "✨", "🙂🙃", "☕"},
            {"public static void main(String[] args) {", "for (int i = 0; i < n; i++)", "x += y * 2;", "if x == 1:",
                    "def f(a, b=None):", "return a->b;", "#include <stdio.h>", "SELECT * FROM t WHERE id = 1;",
                    "<div class=\"x\">", "console.log('hi');", "\tindented();", "fn main() -> Result<(), E>", "a && b || !c",
                    "0x1F", "1e-5f", "i++", "arr[i][j]", "// comment", "/* block */", "`code`", "key: value", "\"quoted\""},
            {"0", "7", "42", "123", "1234", "12345", "1234567890", "3.14159", "2026-12-03", "10:30", "1,000,000",
                    "+1 (555) 010-0199", "v1.2.3", "99.9%", "0.000001", "٣٤٥", "１２３"},
            {" ", "  ", "   ", "    ", "\t", "\t\t", "\n", "\n\n", "\r\n", " \n ", "\n   \n", "  \t  ", "\u00a0", "\u3000"},
            {"don't", "I'm", "you're", "we've", "they'll", "she'd", "it's", "DON'T", "I'M", "You'Re", "WE'VE", "'s",
                    "rock 'n' roll", "o'clock", "''", "'"},
            {"<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>", "<|start_header_id|>", "<|end_header_id|>",
                    "<|reserved_special_token_5|>", "<|finetune_right_pad_id|>", "<|python_tag|>"},
    };
    private static final String[] SEPARATORS = {" ", "", "  ", "\n", ", ", "\t", " - ", "\n\n", ". "};

    private TokenizerCorpus() {
    }

    /** {@code count} strings: first every fragment on its own, then seeded mixtures. */
    static List<String> strings(int count) {
        List<String> out = new ArrayList<>();
        for (String[] kind : KINDS) {
            out.addAll(List.of(kind));
        }
        SplittableRandom random = new SplittableRandom(25);
        while (out.size() < count) {
            StringBuilder s = new StringBuilder();
            int parts = 1 + random.nextInt(8);
            // Half the strings keep to one kind, half mix kinds.
            int only = random.nextBoolean() ? random.nextInt(KINDS.length) : -1;
            for (int p = 0; p < parts; p++) {
                String[] kind = KINDS[only >= 0 ? only : random.nextInt(KINDS.length)];
                if (p > 0) {
                    s.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
                }
                s.append(kind[random.nextInt(kind.length)]);
            }
            if (random.nextInt(10) == 0) {
                s.append(" ".repeat(1 + random.nextInt(6)));
            }
            out.add(s.toString());
        }
        return out;
    }
}
