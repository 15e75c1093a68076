package dev.firebreak.node.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.node.engine.gguf.GgufBytes;
import dev.firebreak.node.engine.gguf.GgufException;
import dev.firebreak.node.engine.model.Batch;
import dev.firebreak.node.engine.model.ContiguousKvCache;
import dev.firebreak.node.engine.model.GgufModels;
import dev.firebreak.node.engine.model.LlamaConfig;
import dev.firebreak.node.engine.model.LoadedModel;
import dev.firebreak.node.engine.model.SyntheticWeights;
import dev.firebreak.node.engine.tensor.WeightType;
import dev.firebreak.node.engine.tokenizer.GgufVocabulary;
import dev.firebreak.node.engine.tokenizer.Tokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our loader, tokenizer and forward pass against llama.cpp's (node-llama-cpp 3.21.1) on the same
 * GGUF files, with Llama 3's real vocabulary. Opt-in: it needs npm and Node, and runs with
 * {@code ./mvnw -pl inference-node -Pllamacpp-agreement test}; the results go to
 * {@code target/vs-llamacpp/agreement.md}.
 */
@EnabledIfSystemProperty(named = "firebreak.llamacpp.dir", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LlamaCppAgreementTest {

    private static final int STRINGS = 2400;
    private static final int PROMPTS = 50;
    private static final int GENERATE = 64;
    /** Small, so three weight types write and load in seconds; the vocabulary is Llama 3's whole one. */
    private static final LlamaConfig FORWARD = new LlamaConfig(256, 768, 4, 8, 2, Llama3Shape.VOCAB, 2048, 1e-5f,
            500000f, true);

    private Path dir;
    private LlamaCppSide llamaCpp;
    private GgufVocabulary vocabulary;
    private final Map<String, List<String>> report = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        dir = Path.of(System.getProperty("firebreak.llamacpp.dir")).toAbsolutePath();
        LlamaCppSide.install(dir, LlamaCppSide.PACKAGE, Llama3Vocabulary.PACKAGE);
        llamaCpp = LlamaCppSide.start(dir, Path.of("bench/vs-llamacpp/llama-side.mjs").toAbsolutePath());
        vocabulary = Llama3Vocabulary.read(dir);
    }

    @AfterAll
    void stop() throws Exception {
        if (llamaCpp != null) {
            llamaCpp.close();
        }
        StringBuilder out = new StringBuilder("## Agreement with llama.cpp (" + LlamaCppSide.PACKAGE + "), Llama 3's vocabulary from "
                + Llama3Vocabulary.PACKAGE + "\n");
        report.forEach((title, lines) -> {
            out.append("\n### ").append(title).append("\n\n");
            lines.forEach(l -> out.append(l).append('\n'));
        });
        Files.writeString(dir.resolve("agreement.md"), out);
        System.out.println(out);
    }

    @Test
    void shouldTokenizeEveryStringOfTheCorpusToLlamaCppsIdsAndBack() throws Exception {
        Path file = model("llama3-vocab-f32", FORWARD, WeightType.F32, vocabulary);
        List<String> corpus = TokenizerCorpus.strings(STRINGS);
        llamaCpp.load(file);
        JsonNode answer = llamaCpp.call(Map.of("op", "tokenize", "texts", corpus));
        List<String> lines = new ArrayList<>();
        int idsDiffer = 0;
        int oursDecodeDiffers = 0;
        int theirsDecodeDiffers = 0;
        long tokens = 0;
        try (LoadedModel ours = GgufModels.load(file)) {
            Tokenizer tokenizer = ours.tokenizer();
            for (int i = 0; i < corpus.size(); i++) {
                String text = corpus.get(i);
                int[] theirs = ints(answer.get("tokens").get(i));
                int[] mine = tokenizer.encodeWithSpecials(text);
                tokens += mine.length;
                if (!Arrays.equals(mine, theirs)) {
                    if (idsDiffer++ < 10) {
                        lines.add(String.format("- ids differ for %s: ours %s, llama.cpp %s", quoted(text),
                                Arrays.toString(mine), Arrays.toString(theirs)));
                    }
                }
                if (!withSpecials(tokenizer, mine).equals(text) && oursDecodeDiffers++ < 10) {
                    lines.add("- our decode differs for " + quoted(text) + ": " + quoted(withSpecials(tokenizer, mine)));
                }
                if (!answer.get("texts").get(i).asText().equals(text) && theirsDecodeDiffers++ < 3) {
                    lines.add("- llama.cpp's detokenize differs for " + quoted(text) + ": "
                            + quoted(answer.get("texts").get(i).asText()));
                }
            }
        }
        lines.addFirst(String.format(Locale.ROOT, "%d strings (%d tokens): ids equal to llama.cpp's for %d, our decode gives"
                        + " the text back for %d, llama.cpp's detokenize for %d.", corpus.size(), tokens, corpus.size() - idsDiffer,
                corpus.size() - oursDecodeDiffers, corpus.size() - theirsDecodeDiffers));
        report.put("Tokenizer", lines);
        assertThat(idsDiffer).as("strings whose ids differ from llama.cpp's").isZero();
        assertThat(oursDecodeDiffers).as("strings our decode does not give back").isZero();
    }

    @Test
    void shouldGenerateLlamaCppsGreedyTokensOnF32AndReportTheShareOnF16AndQ8_0() throws Exception {
        List<int[]> prompts = new ArrayList<>();
        List<String> corpus = TokenizerCorpus.strings(STRINGS);
        List<String> lines = new ArrayList<>();
        Map<WeightType, Double> shares = new LinkedHashMap<>();
        for (WeightType type : List.of(WeightType.F32, WeightType.F16, WeightType.Q8_0)) {
            Path file = model("llama3-vocab-" + type.name().toLowerCase(Locale.ROOT), FORWARD, type, vocabulary);
            llamaCpp.load(file);
            try (LoadedModel ours = GgufModels.load(file)) {
                if (prompts.isEmpty()) {
                    // Prompts of 8+ tokens from the corpus's longer strings, each after the BOS.
                    for (int i = corpus.size() - 1; prompts.size() < PROMPTS; i--) {
                        int[] text = ours.tokenizer().encode(corpus.get(i));
                        if (text.length >= 8) {
                            int[] prompt = new int[text.length + 1];
                            prompt[0] = Llama3Shape.BOS;
                            System.arraycopy(text, 0, prompt, 1, text.length);
                            prompts.add(prompt);
                        }
                    }
                }
                JsonNode theirs = llamaCpp.call(Map.of("op", "greedy", "prompts", prompts, "generate", GENERATE)).get("tokens");
                int same = 0;
                List<String> divergences = new ArrayList<>();
                for (int p = 0; p < prompts.size(); p++) {
                    int[] mine = greedy(ours, prompts.get(p));
                    int[] llama = ints(theirs.get(p));
                    int first = firstDifference(mine, llama);
                    if (first < 0) {
                        same++;
                    } else {
                        divergences.add(String.format("prompt %d at token %d (ours %d, llama.cpp %d)", p, first,
                                first < mine.length ? mine[first] : -1, first < llama.length ? llama[first] : -1));
                    }
                }
                shares.put(type, (double) same / prompts.size());
                lines.add(String.format(Locale.ROOT, "- %s: %d of %d prompts give the same %d greedy tokens (%.0f%%)%s", type,
                        same, prompts.size(), GENERATE, 100.0 * same / prompts.size(),
                        divergences.isEmpty() ? "" : "; first divergence: " + String.join(", ", divergences)));
            }
        }
        lines.addFirst(String.format(Locale.ROOT, "Model: dim %d, %d layers, %d heads (%d KV), vocabulary %d, random weights"
                        + " (seed 1); llama.cpp with F32 keys and values and no flash attention; prompts of %d-%d tokens.",
                FORWARD.dim(), FORWARD.layers(), FORWARD.heads(), FORWARD.kvHeads(), FORWARD.vocabSize(),
                prompts.stream().mapToInt(p -> p.length).min().orElse(0), prompts.stream().mapToInt(p -> p.length).max().orElse(0)));
        report.put("Forward pass (greedy, " + GENERATE + " tokens, " + PROMPTS + " prompts)", lines);
        assertThat(shares.get(WeightType.F32)).as("share of prompts with llama.cpp's tokens on F32").isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void shouldRefuseTheFilesLlamaCppRefuses() throws Exception {
        LlamaConfig tiny = new LlamaConfig(64, 128, 2, 4, 2, 262, 64, 1e-5f, 10000f, true);
        Path good = model("bad-input-base", tiny, WeightType.F32, GgufVocabulary.byteLevel());
        assertThat(llamaCpp.load(good).path("ok").asBoolean()).as("llama.cpp loads the file before it is damaged").isTrue();
        byte[] whole = Files.readAllBytes(good);

        Map<String, Path> bad = new LinkedHashMap<>();
        bad.put("truncated", Files.write(dir.resolve("bad-truncated.gguf"), Arrays.copyOf(whole, whole.length - 100)));
        Path offset = Files.write(dir.resolve("bad-offset.gguf"), whole);
        GgufBytes.setOffset(offset, "output_norm.weight", 1, 1L << 40);
        bad.put("offset past the end", offset);
        Path type = Files.write(dir.resolve("bad-type.gguf"), whole);
        GgufBytes.setType(type, "token_embd.weight", 2, 99);
        bad.put("unknown quantisation type", type);
        LlamaConfig wider = new LlamaConfig(64, 128, 2, 4, 2, 272, 64, 1e-5f, 10000f, true);
        bad.put("vocabulary shorter than the embedding", model("bad-vocab", wider, WeightType.F32, GgufVocabulary.byteLevel()));

        List<String> lines = new ArrayList<>();
        lines.add("| file | llama.cpp | Firebreak |");
        lines.add("|---|---|---|");
        for (Map.Entry<String, Path> e : bad.entrySet()) {
            String theirs;
            try {
                llamaCpp.load(e.getValue());
                theirs = "LOADED";
            } catch (IOException refused) {
                theirs = "refused";
            }
            String mine;
            try (LoadedModel loaded = GgufModels.load(e.getValue())) {
                mine = "LOADED";
            } catch (GgufException refused) {
                mine = "refused: " + refused.getMessage().substring(e.getValue().toString().length() + 2);
            }
            lines.add("| " + e.getKey() + " | " + theirs + " | " + mine + " |");
            assertThat(theirs).as("llama.cpp on %s", e.getKey()).isEqualTo("refused");
            assertThat(mine).as("Firebreak on %s", e.getKey()).startsWith("refused");
        }
        assertThatThrownBy(() -> GgufModels.load(type)).hasMessageContaining("tensor 'token_embd.weight'");
        report.put("Bad input: files both refuse", lines);
    }

    private Path model(String name, LlamaConfig config, WeightType type, GgufVocabulary vocab) throws IOException {
        Path file = dir.resolve(name + ".gguf");
        try (Arena arena = Arena.ofConfined()) {
            GgufModels.write(name, config, SyntheticWeights.generate(config, 1, type, arena), vocab, file);
        }
        return file;
    }

    private static int[] greedy(LoadedModel model, int[] prompt) {
        int[] out = new int[GENERATE];
        try (ContiguousKvCache cache = new ContiguousKvCache(model.config(), prompt.length + GENERATE)) {
            out[0] = InProcessSide.argmax(model.llama().forward(Batch.prefill(prompt, 0, cache)));
            for (int i = 1; i < GENERATE; i++) {
                out[i] = InProcessSide.argmax(model.llama().forward(Batch.prefill(new int[] {out[i - 1]}, prompt.length + i - 1, cache)));
            }
        }
        return out;
    }

    /** The text of {@code tokens} with special tokens spelled out, as llama.cpp's detokenize with specials gives it. */
    private String withSpecials(Tokenizer tokenizer, int[] tokens) {
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int token : tokens) {
            if (tokenizer.isSpecial(token)) {
                text.append(bytes.toString(StandardCharsets.UTF_8)).append(vocabulary.tokens().get(token));
                bytes.reset();
            } else {
                bytes.writeBytes(tokenizer.bytes(token));
            }
        }
        return text.append(bytes.toString(StandardCharsets.UTF_8)).toString();
    }

    private static int firstDifference(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return a.length == b.length ? -1 : n;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "\"";
    }
}
