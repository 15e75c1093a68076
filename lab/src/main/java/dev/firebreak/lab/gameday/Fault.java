package dev.firebreak.lab.gameday;

/** Something a game day does to the cluster at a set moment. */
public sealed interface Fault {

    /** A short label for tables and charts. */
    String label();

    /** The node's KV manager leaks {@code blocksPerRequest} blocks per finished request ({@code model}: one model, or null for all). */
    record Leak(String node, int blocksPerRequest, String model) implements Fault {
        public String label() {
            return "KV leak " + blocksPerRequest + " blocks/request on " + node + (model == null ? "" : " (" + model + ")");
        }
    }

    /** The node's process exits at once (the node's own crash fault, as an out-of-memory death would). */
    record Crash(String node) implements Fault {
        public String label() {
            return node + " dies";
        }
    }

    /** SIGKILL of the node's process. */
    record Kill(String node) implements Fault {
        public String label() {
            return "kill -9 " + node;
        }
    }

    /** Every request on the node waits {@code millis} before it starts. */
    record Slow(String node, long millis) implements Fault {
        public String label() {
            return node + " slow (+" + millis + " ms)";
        }
    }

    /** The node cuts a share of its answers short: streams end without [DONE], whole answers say "stop" early. */
    record Truncate(String node, double rate) implements Fault {
        public String label() {
            return node + " truncates " + Math.round(rate * 100) + "% of answers";
        }
    }

    /** Every model's arrival rate becomes {@code factor} times the base rate. */
    record Overload(double factor) implements Fault {
        public String label() {
            return factor == 1 ? "load back to 1x" : "load " + factor + "x";
        }
    }

    /** The node's supervisor starts it again after it died (a new, cold process on the same address). */
    record Restart(String node) implements Fault {
        public String label() {
            return node + " restarted";
        }
    }

    /** The node's faults are cleared. */
    record Heal(String node) implements Fault {
        public String label() {
            return node + " healed";
        }
    }
}
