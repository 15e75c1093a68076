package dev.firebreak.node.engine.batch;

import dev.firebreak.node.engine.kv.BlockTable;
import dev.firebreak.node.engine.sampling.Sampler;
import dev.firebreak.node.engine.tokenizer.StreamDecoder;
import dev.firebreak.node.engine.tokenizer.Tokenizer;

import java.util.Arrays;

/**
 * A request inside the engine: its tokens (prompt, then generated), how many of them have their
 * keys and values in the cache, its block table, and its own sampler (so a preempted and
 * recomputed sequence continues exactly where it was).
 */
final class Sequence {

    final GenerationRequest request;
    final Sampler sampler;
    final StreamDecoder decoder;
    final StopMatcher stops;
    final long submittedNanos;
    int[] tokens;
    int size;
    int computed;
    int generated;
    BlockTable table;
    long firstTokenNanos;
    volatile boolean cancelled;

    Sequence(GenerationRequest request, Tokenizer tokenizer, long submittedNanos) {
        this.request = request;
        this.sampler = new Sampler(request.sampling(), tokenizer.generatable());
        this.decoder = new StreamDecoder(tokenizer);
        this.stops = new StopMatcher(request.stop());
        this.submittedNanos = submittedNanos;
        this.tokens = Arrays.copyOf(request.prompt(), request.prompt().length + Math.min(request.maxTokens(), 1024));
        this.size = request.prompt().length;
    }

    void append(int token) {
        if (size == tokens.length) {
            tokens = Arrays.copyOf(tokens, tokens.length * 2);
        }
        tokens[size++] = token;
        generated++;
    }

    int promptLength() {
        return request.prompt().length;
    }

    /** Tokens so far, for prefix reuse after a preemption. */
    int[] currentTokens() {
        return Arrays.copyOf(tokens, size);
    }
}
