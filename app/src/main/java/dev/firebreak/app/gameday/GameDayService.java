package dev.firebreak.app.gameday;

import dev.firebreak.agent.client.NodeControlClient;
import dev.firebreak.app.connection.ClusterConnection;
import dev.firebreak.lab.localcluster.LocalCluster;
import dev.firebreak.node.api.FaultSettings;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * The game day's I/O on the console's local cluster, on virtual threads: faults through a node's
 * control endpoint and the traffic generator's rates. Imports nothing from JavaFX.
 */
public final class GameDayService {

    private final ClusterConnection connection;

    public GameDayService(ClusterConnection connection) {
        this.connection = connection;
    }

    /** Sets {@code faults} on the node at {@code nodeUrl}; {@code done} gets the line to show, on the request's thread. */
    public void applyFault(String nodeUrl, FaultSettings faults, String what, Consumer<String> done) {
        Thread.ofVirtual().name("game-day-fault").start(() -> done.accept(apply(nodeUrl, faults, what)));
    }

    private String apply(String nodeUrl, FaultSettings faults, String what) {
        LocalCluster local = connection.localCluster();
        if (local == null) {
            return what + " failed: the local cluster is not running";
        }
        try (NodeControlClient client = new NodeControlClient(local.controlToken())) {
            client.setFaults(nodeUrl, faults);
            return what + ": done";
        } catch (IOException e) {
            // A crash answers with a dropped connection: the node is gone, as asked.
            return faults.crash() ? what + ": the node exited" : what + " failed: " + e.getMessage();
        }
    }

    /** Changes the local traffic generator's rate for {@code model}. */
    public void setTrafficRate(String model, double requestsPerSecond) {
        Thread.ofVirtual().name("game-day-traffic").start(() -> connection.setTrafficRate(model, requestsPerSecond));
    }
}
