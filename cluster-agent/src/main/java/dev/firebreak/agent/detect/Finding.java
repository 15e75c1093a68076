package dev.firebreak.agent.detect;

/**
 * Something a detector found in a (node, model) series.
 *
 * @param kind {@code kv-leak}, {@code stall}, {@code overload} or {@code gray-failure}
 * @param evidence what an operator can check: the figures that triggered it
 * @param opensBreaker whether the gateway should stop sending the model to the node
 */
public record Finding(String kind, String node, String model, String evidence, boolean opensBreaker) {

    /** The finding in one line an operator reads, e.g. "KV leak on node-2: 22 orphaned blocks, +8 in 10 s, ...". */
    public String reason() {
        String what = switch (kind) {
            case "kv-leak" -> "KV leak";
            case "stall" -> "Stall";
            case "overload" -> "Overload";
            case "gray-failure" -> "Gray failure";
            default -> kind;
        };
        return what + " on " + node + ": " + evidence;
    }
}
