package dev.firebreak.node.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One side's figures from one round of the head-to-head benchmark, or why it has none. A figure a
 * side does not give is null; a failed round holds only its error.
 *
 * @param prefill128 tokens/s of a 128-token prompt in one go
 * @param prefill512 tokens/s of a 512-token prompt in one go
 * @param decode tokens/s of greedy generation after a 128-token prompt, first token to last
 * @param ttftMs milliseconds from sending a 128-token prompt to its first generated token
 * @param batched generated tokens/s of 16 sequences (128 prompt + 128 generated tokens each) at once
 */
record Figures(Double prefill128, Double prefill512, Double decode, Double ttftMs, Double batched, String error) {

    static Figures failed(String error) {
        return new Figures(null, null, null, null, null, Objects.requireNonNull(error));
    }

    boolean ok() {
        return error == null;
    }

    /** The figures that every round gives, each the median over {@code rounds}; failed if any round failed. */
    static Figures median(List<Figures> rounds) {
        for (Figures f : rounds) {
            if (!f.ok()) {
                return f;
            }
        }
        return new Figures(median(rounds, Figures::prefill128), median(rounds, Figures::prefill512),
                median(rounds, Figures::decode), median(rounds, Figures::ttftMs), median(rounds, Figures::batched), null);
    }

    private static Double median(List<Figures> rounds, Function<Figures, Double> figure) {
        if (rounds.isEmpty() || rounds.stream().map(figure).anyMatch(Objects::isNull)) {
            return null;
        }
        double[] sorted = rounds.stream().map(figure).mapToDouble(Double::doubleValue).sorted().toArray();
        return (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2;
    }

    /** For each figure, the better of {@code a} and {@code b} (higher throughput, lower TTFT); failed only if both failed. */
    static Figures best(Figures a, Figures b) {
        if (!a.ok() || !b.ok()) {
            return a.ok() ? a : b.ok() ? b : failed(a.error() + "; " + b.error());
        }
        return new Figures(max(a.prefill128, b.prefill128), max(a.prefill512, b.prefill512), max(a.decode, b.decode),
                a.ttftMs == null || b.ttftMs == null ? null : Math.min(a.ttftMs, b.ttftMs), max(a.batched, b.batched), null);
    }

    private static Double max(Double a, Double b) {
        return a == null || b == null ? null : Math.max(a, b);
    }

    @Override
    public String toString() {
        return ok() ? Arrays.toString(new Double[] {prefill128, prefill512, decode, ttftMs, batched}) : "failed: " + error;
    }
}
