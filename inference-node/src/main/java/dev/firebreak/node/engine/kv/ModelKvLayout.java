package dev.firebreak.node.engine.kv;

import dev.firebreak.node.engine.model.LlamaConfig;

/** Where one model's keys and values sit inside a block: [layer][K|V][slot][kvDim] floats. */
public record ModelKvLayout(int layers, int kvDim, int blockTokens) {

    public static ModelKvLayout of(LlamaConfig config, int blockTokens) {
        return new ModelKvLayout(config.layers(), config.kvDim(), blockTokens);
    }

    long rowBytes() {
        return (long) kvDim * Float.BYTES;
    }

    /** Bytes one block of this model needs. */
    public long blockBytes() {
        return 2L * layers * blockTokens * rowBytes();
    }

    long keyOffset(int layer, int slot) {
        return ((long) layer * 2 * blockTokens + slot) * rowBytes();
    }

    long valueOffset(int layer, int slot) {
        return (((long) layer * 2 + 1) * blockTokens + slot) * rowBytes();
    }
}
