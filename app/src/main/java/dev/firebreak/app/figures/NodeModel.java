package dev.firebreak.app.figures;

/** One model on one node: its share of the node's traffic and KV cache. */
public record NodeModel(String model, double requestsPerSecond, long kvUsed, long kvTotal, int running, int waiting,
                        boolean admissionOpen) {

    public double kvUsage() {
        return kvTotal == 0 ? 0 : (double) kvUsed / kvTotal;
    }
}
