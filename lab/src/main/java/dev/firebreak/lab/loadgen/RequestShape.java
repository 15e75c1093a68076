package dev.firebreak.lab.loadgen;

/** What one generated request asks for. */
public record RequestShape(String model, boolean chat, boolean stream, String prompt, int maxTokens, long seed) {
}
