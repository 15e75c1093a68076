package dev.firebreak.node.engine.model;

import dev.firebreak.node.engine.tensor.WeightType;
import dev.firebreak.node.engine.tokenizer.ByteTokenizer;
import dev.firebreak.node.engine.tokenizer.Tokenizer;

import java.lang.foreign.Arena;

/**
 * A model ready to run: its forward pass, its tokenizer, and the memory that holds its weights
 * (an arena or a mapped GGUF file), released on close.
 */
public record LoadedModel(String name, Llama llama, Tokenizer tokenizer, AutoCloseable memory) implements AutoCloseable {

    /**
     * A synthetic preset: {@code name} starts with the preset ({@code tiny}, {@code small},
     * {@code medium}), optionally followed by {@code -anything}; the weights' seed comes from the
     * whole name, so {@code tiny-chat} and {@code tiny-code} differ.
     */
    public static LoadedModel preset(String name, WeightType type) {
        Preset preset = presetOf(name);
        Arena arena = Arena.ofShared();
        LlamaWeights weights = SyntheticWeights.generate(preset.config(), name.hashCode(), type, arena);
        return new LoadedModel(name, new Llama(preset.config(), weights), new ByteTokenizer(), arena);
    }

    /** The preset a model name stands for ({@code tiny-chat}: tiny); IllegalArgumentException naming the presets if none. */
    public static Preset presetOf(String name) {
        int dash = name.indexOf('-');
        return Preset.named(dash < 0 ? name : name.substring(0, dash));
    }

    public LlamaConfig config() {
        return llama.config();
    }

    @Override
    public void close() throws Exception {
        memory.close();
    }
}
