package dev.firebreak.node.engine.batch;

import java.util.List;

/**
 * Finds stop strings in streamed text. Text that could still be the start of a stop string is
 * held back, so a client never sees part of a stop string, even one split across tokens.
 */
final class StopMatcher {

    /** Text safe to emit now, and whether a stop string ended the output. */
    record Result(String text, boolean stopped) {
    }

    private final List<String> stops;
    private final StringBuilder held = new StringBuilder();

    StopMatcher(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    }

    Result feed(String text) {
        held.append(text);
        if (stops.isEmpty()) {
            return release(held.length(), false);
        }
        int first = -1;
        for (String stop : stops) {
            int at = held.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        if (first >= 0) {
            String before = held.substring(0, first);
            held.setLength(0);
            return new Result(before, true);
        }
        return release(held.length() - longestPartialStop(), false);
    }

    /** Everything still held, once the output ends for another reason. */
    String flush() {
        String rest = held.toString();
        held.setLength(0);
        return rest;
    }

    private Result release(int upTo, boolean stopped) {
        String out = held.substring(0, upTo);
        held.delete(0, upTo);
        return new Result(out, stopped);
    }

    /** Length of the longest suffix of the held text that is a proper prefix of a stop string. */
    private int longestPartialStop() {
        int best = 0;
        for (String stop : stops) {
            for (int len = Math.min(stop.length() - 1, held.length()); len > best; len--) {
                if (held.substring(held.length() - len).equals(stop.substring(0, len))) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }
}
