package dev.firebreak.node.lifecycle;

/** What a node currently holds: the sequences it runs or queues, and the KV blocks they own. */
public interface WorkInFlight {

    int sequences();

    long kvBlocks();
}
