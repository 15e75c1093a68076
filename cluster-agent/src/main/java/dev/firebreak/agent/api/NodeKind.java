package dev.firebreak.agent.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which engine a node runs, and so which of its endpoints the agent reads: set per node in the config or by discovery. */
public enum NodeKind {
    /** A Firebreak inference node: {@code /control/status}, drain, admission and fault injection. */
    FIREBREAK,
    /** vLLM's OpenAI server: {@code /metrics} ({@code vllm:*}), {@code /health}, {@code /v1/models}. */
    VLLM,
    /** llama.cpp's {@code llama-server}: {@code /metrics} ({@code llamacpp:*}), {@code /health}, {@code /slots}, {@code /v1/models}. */
    LLAMACPP,
    /** SGLang's server: {@code /metrics} ({@code sglang:*}), {@code /health}, {@code /v1/models}. */
    SGLANG,
    /** Any OpenAI-compatible server: only {@code /v1/models}, plus what the gateway sees of its own traffic. */
    OPENAI;

    /** The name in configuration files and JSON: {@code firebreak}, {@code vllm}, {@code llamacpp}, {@code sglang}, {@code openai}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code id} (case ignored). */
    @JsonCreator
    public static NodeKind of(String id) {
        for (NodeKind kind : values()) {
            if (kind.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("kind '" + id + "' is not one of "
                + Arrays.stream(values()).map(NodeKind::id).collect(Collectors.joining(", ")));
    }
}
