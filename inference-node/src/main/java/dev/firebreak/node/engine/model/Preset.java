package dev.firebreak.node.engine.model;

/**
 * Built-in synthetic models, so a node runs with no download: Llama-shaped, random weights from a
 * seed, the byte-level vocabulary. Sizes are chosen to span this product's test machines.
 */
public enum Preset {
    /** About 14M parameters: tests and the local cluster. */
    TINY(new LlamaConfig(384, 1152, 8, 6, 2, Preset.BYTE_VOCAB, 2048, 1e-5f, 10000f, true)),
    /** About 62M parameters. */
    SMALL(new LlamaConfig(640, 1792, 14, 10, 2, Preset.BYTE_VOCAB, 2048, 1e-5f, 10000f, true)),
    /** About 250M parameters. */
    MEDIUM(new LlamaConfig(1024, 2816, 22, 16, 4, Preset.BYTE_VOCAB, 4096, 1e-5f, 10000f, true));

    /** 256 byte tokens plus the byte tokenizer's special tokens. */
    public static final int BYTE_VOCAB = 262;

    private final LlamaConfig config;

    Preset(LlamaConfig config) {
        this.config = config;
    }

    public LlamaConfig config() {
        return config;
    }

    /** The preset named {@code name} (case-insensitive), or an error listing the presets. */
    public static Preset named(String name) {
        for (Preset preset : values()) {
            if (preset.name().equalsIgnoreCase(name)) {
                return preset;
            }
        }
        throw new IllegalArgumentException("no preset '" + name + "'; presets: tiny, small, medium");
    }
}
