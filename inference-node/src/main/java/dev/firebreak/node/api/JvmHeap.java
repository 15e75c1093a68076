package dev.firebreak.node.api;

/** The node JVM's heap, in bytes, as the runtime reports it. */
public record JvmHeap(long usedBytes, long committedBytes, long maxBytes) {

    /** Reads the current heap figures of this JVM. */
    public static JvmHeap current() {
        Runtime rt = Runtime.getRuntime();
        return new JvmHeap(rt.totalMemory() - rt.freeMemory(), rt.totalMemory(), rt.maxMemory());
    }
}
