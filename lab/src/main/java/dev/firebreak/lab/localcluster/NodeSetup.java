package dev.firebreak.lab.localcluster;

import dev.firebreak.agent.config.GatewayConfig;

import java.util.List;
import java.util.Map;

/**
 * How the nodes of a local cluster are laid out and sized, and how its agent's gateway is set up.
 *
 * @param modelsPerNode the models of each node in turn ({@code null}: every node serves all the cluster's models)
 * @param kvMemory each node's KV pool, e.g. {@code 64MiB}
 * @param kvIsolation {@code shared} (one pool for the node's models) or {@code quota} (an equal share per model)
 * @param processPerModel each model of a node runs in its own process, as its own node named {@code node-N-model}
 * @param gateway the agent's gateway protections ({@code null}: the agent's defaults)
 * @param fallbacks the gateway's fallback model per model ({@code null}: each model falls back to the next one listed)
 * @param maxConcurrent the gateway's in-flight limit per model, overriding {@code gateway}'s default
 * @param cpus each node's compute cap in cores ({@code --cpus}; 0: none, the nodes share the host's cores)
 */
public record NodeSetup(List<List<String>> modelsPerNode, String kvMemory, String kvIsolation, boolean processPerModel,
                        GatewayConfig gateway, Map<String, String> fallbacks, Map<String, Integer> maxConcurrent,
                        double cpus) {

    public NodeSetup {
        modelsPerNode = modelsPerNode == null ? null : modelsPerNode.stream().map(List::copyOf).toList();
        if (modelsPerNode != null && modelsPerNode.stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("every node needs at least one model");
        }
        if (kvMemory == null || !kvMemory.matches("\\d+(KiB|MiB|GiB)")) {
            throw new IllegalArgumentException("kvMemory must be like 64MiB, got " + kvMemory);
        }
        if (!"shared".equals(kvIsolation) && !"quota".equals(kvIsolation)) {
            throw new IllegalArgumentException("kvIsolation must be shared or quota, got " + kvIsolation);
        }
        fallbacks = fallbacks == null ? null : Map.copyOf(fallbacks);
        maxConcurrent = maxConcurrent == null ? Map.of() : Map.copyOf(maxConcurrent);
        if (!(cpus >= 0)) {
            throw new IllegalArgumentException("cpus must be 0 (no cap) or above, got " + cpus);
        }
    }

    /** What the console and the tests get: every node serves every model from a shared 64 MiB pool. */
    public static NodeSetup defaults() {
        return new NodeSetup(null, "64MiB", "shared", false, null, null, null, 0);
    }

    public NodeSetup withModelsPerNode(List<List<String>> value) {
        return new NodeSetup(value, kvMemory, kvIsolation, processPerModel, gateway, fallbacks, maxConcurrent, cpus);
    }

    public NodeSetup withKv(String memory, String isolation) {
        return new NodeSetup(modelsPerNode, memory, isolation, processPerModel, gateway, fallbacks, maxConcurrent, cpus);
    }

    public NodeSetup withProcessPerModel(boolean value) {
        return new NodeSetup(modelsPerNode, kvMemory, kvIsolation, value, gateway, fallbacks, maxConcurrent, cpus);
    }

    public NodeSetup withGateway(GatewayConfig value, Map<String, String> fallbackModels, Map<String, Integer> limits) {
        return new NodeSetup(modelsPerNode, kvMemory, kvIsolation, processPerModel, value, fallbackModels, limits, cpus);
    }

    public NodeSetup withCpus(double value) {
        return new NodeSetup(modelsPerNode, kvMemory, kvIsolation, processPerModel, gateway, fallbacks, maxConcurrent, value);
    }
}
