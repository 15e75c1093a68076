package dev.firebreak.node.api;

/** Answer to {@code POST /control/drain} or {@code /control/resume}: the state it left the node in. */
public record ControlResult(String nodeId, NodeState state, DrainProgress drain) {
}
