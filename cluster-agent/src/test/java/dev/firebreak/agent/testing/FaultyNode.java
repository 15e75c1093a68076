package dev.firebreak.agent.testing;

import dev.firebreak.node.Node;
import dev.firebreak.node.NodeOptions;
import dev.firebreak.node.engine.batch.SchedulerLimits;
import dev.firebreak.node.engine.kv.KvBlockPool;
import dev.firebreak.node.engine.tensor.WeightType;
import dev.firebreak.node.http.HttpSettings;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** A real node in this JVM that takes fault injection ({@code /control/faults}): a KV leak on demand. */
public final class FaultyNode {

    private FaultyNode() {
    }

    /** Starts one serving {@code model} on {@code port} (0 for a free one), {@code token} its control token. */
    public static Node start(String id, String token, String model, int port) throws IOException {
        return Node.start(new NodeOptions(HttpSettings.of("127.0.0.1", port), id, token, List.of(model), List.of(),
                WeightType.Q8_0, 32L << 20, 16, KvBlockPool.Isolation.SHARED, SchedulerLimits.defaults(), true, 0, Duration.ZERO));
    }

    /** The node again on its port, as an operator restarting it would: its KV cache whole, no orphaned block. */
    public static Node restart(Node node, String id, String token, String model) throws IOException {
        int port = java.net.URI.create(node.baseUrl()).getPort();
        node.close();
        return start(id, token, model, port);
    }
}
