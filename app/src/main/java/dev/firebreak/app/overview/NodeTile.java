package dev.firebreak.app.overview;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.app.figures.Health;
import dev.firebreak.app.figures.NodeFigures;

/** What one node's tile says: its KV gauge, state and sequences, and why it is in trouble on hover. */
public record NodeTile(String id, double kvPercent, String text, Health health, String tooltip) {

    static NodeTile of(NodeFigures n) {
        String state = n.reachability() != NodeHealth.UP ? "DOWN" : n.state() == null ? "—" : n.state().name();
        return new NodeTile(n.id(), 100 * n.kvUsage(), state + " · " + n.running() + " run / " + n.waiting() + " wait",
                n.health(), n.alert() == null ? n.id() + ": " + state : n.alert());
    }
}
