package dev.firebreak.app.overview;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.app.figures.Health;
import dev.firebreak.app.figures.NodeFigures;

/**
 * What one node's tile says: its KV gauge (NaN when its engine gives no KV figure: shown "n/a"),
 * state and sequences, its engine when not Firebreak, and on hover why it is in trouble and which figures are n/a.
 */
public record NodeTile(String id, double kvPercent, String text, Health health, String tooltip) {

    static NodeTile of(NodeFigures n) {
        String state = n.reachability() != NodeHealth.UP ? "DOWN" : n.state() == null ? "—" : n.state().name();
        String title = n.kind() == NodeKind.FIREBREAK ? n.id() : n.id() + " (" + n.kind().id() + ")";
        String sequences = n.unavailable() != null && n.running() == 0 && n.waiting() == 0 ? "run/wait n/a"
                : n.running() + " run / " + n.waiting() + " wait";
        String tip = n.alert() == null ? title + ": " + state : n.alert();
        return new NodeTile(n.id(), 100 * n.kvUsage(), state + " · " + sequences, n.health(),
                n.unavailable() == null ? tip : tip + "\n" + n.unavailable());
    }
}
