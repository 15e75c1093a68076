package dev.firebreak.node.engine.kv;

/**
 * One model's KV accounting, in blocks.
 *
 * @param total the blocks the model may use (its quota, or the whole pool when shared)
 * @param free blocks it could still take now
 * @param shared blocks held by more than one sequence
 * @param orphaned blocks it holds that no live sequence references: leaked
 */
public record KvFigures(int blockTokens, int total, int used, int free, int shared, int orphaned) {
}
