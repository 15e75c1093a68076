package dev.firebreak.node.engine.batch;

/** Why a generation ended, in OpenAI's words. */
public enum FinishReason {
    /** The model ended its turn, or a stop string appeared. */
    STOP("stop"),
    /** max_tokens reached, or the context is full. */
    LENGTH("length");

    private final String wire;

    FinishReason(String wire) {
        this.wire = wire;
    }

    /** As the OpenAI API spells it in {@code finish_reason}. */
    public String wire() {
        return wire;
    }
}
