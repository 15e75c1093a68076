package dev.firebreak.lab.simulator;

import dev.firebreak.agent.api.NodeKind;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the node simulator serves: how many nodes, of which kinds (taken in turn), on which ports,
 * with which models, and how they behave. Node {@code i} (from 1) of kind {@code k} is called
 * {@code k-000i} and listens on {@code basePort + i - 1} (any free port when {@code basePort} is 0).
 * A llama.cpp node serves one model unlabelled, as {@code llama-server} does: the models in turn.
 *
 * @param latency           time to first token of every answer, synthetic or served
 * @param tokensPerSecond   each sequence's decode rate; 0 sends every token at once
 * @param errorRate         share of requests failed (HTTP 500 on /v1, outcome "error" in the figures)
 * @param requestsPerSecond synthetic traffic per model per node, counted in the figures as if served
 * @param behaviours        node id to its behaviour; a node not named is {@link Behaviour#STEADY}
 */
public record SimulatorOptions(int nodes, String host, int basePort, List<NodeKind> kinds, List<String> models, long seed,
                               LatencyDistribution latency, double tokensPerSecond, double errorRate,
                               double requestsPerSecond, Map<String, Behaviour> behaviours) {

    public static final int MAX_NODES = 10_000;
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

    public SimulatorOptions {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("--nodes must be 1-" + MAX_NODES + ", got " + nodes);
        }
        host = host == null ? "127.0.0.1" : host;
        if (basePort != 0 && (basePort < 1024 || basePort > 65_535)) {
            throw new IllegalArgumentException("--base-port must be 0 (any free ports) or 1024-65535, got " + basePort);
        }
        if (basePort != 0 && basePort + nodes - 1 > 65_535) {
            throw new IllegalArgumentException("--base-port=" + basePort + " with --nodes=" + nodes + " runs past port 65535 (to "
                    + (basePort + nodes - 1) + "); pick a --base-port of at most " + (65_536 - nodes));
        }
        kinds = kinds == null || kinds.isEmpty() ? List.of(NodeKind.FIREBREAK) : List.copyOf(kinds);
        models = models == null || models.isEmpty() ? List.of("sim-chat") : List.copyOf(models);
        if (models.size() > 64) {
            throw new IllegalArgumentException("--models takes at most 64 models, got " + models.size());
        }
        for (String model : models) {
            if (!MODEL.matcher(model).matches()) {
                throw new IllegalArgumentException("--models: '" + model
                        + "' must be 1-128 letters, digits or . _ : / -, starting with a letter or digit");
            }
        }
        if (models.stream().distinct().count() < models.size()) {
            throw new IllegalArgumentException("--models names a model twice: " + models);
        }
        latency = latency == null ? new LatencyDistribution(20, 80) : latency;
        if (!(tokensPerSecond >= 0 && tokensPerSecond <= 1_000_000)) {
            throw new IllegalArgumentException("--token-rate must be 0-1000000 tokens/s (0: all at once), got " + tokensPerSecond);
        }
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("--error-rate must be between 0 and 1, got " + errorRate);
        }
        if (!(requestsPerSecond >= 0 && requestsPerSecond <= 10_000)) {
            throw new IllegalArgumentException("--rps must be 0-10000 requests/s per model and node, got " + requestsPerSecond);
        }
        behaviours = behaviours == null ? Map.of() : Map.copyOf(behaviours);
        for (String id : behaviours.keySet()) {
            if (index(id, kinds) < 1 || index(id, kinds) > nodes) {
                throw new IllegalArgumentException("--behaviour names '" + id + "', which is not a simulated node; ids are "
                        + nodeId(1, kinds) + " to " + nodeId(nodes, kinds));
            }
        }
    }

    /** Defaults for everything but the count and kinds: seed 1, 20 ms median / 80 ms p99, 200 tokens/s, no errors, 2 requests/s. */
    public static SimulatorOptions of(int nodes, List<NodeKind> kinds, List<String> models) {
        return new SimulatorOptions(nodes, null, 0, kinds, models, 1, null, 200, 0, 2, null);
    }

    public SimulatorOptions withBehaviours(Map<String, Behaviour> newBehaviours) {
        return new SimulatorOptions(nodes, host, basePort, kinds, models, seed, latency, tokensPerSecond, errorRate,
                requestsPerSecond, newBehaviours);
    }

    public SimulatorOptions withLatency(LatencyDistribution newLatency, double newTokensPerSecond) {
        return new SimulatorOptions(nodes, host, basePort, kinds, models, seed, newLatency, newTokensPerSecond, errorRate,
                requestsPerSecond, behaviours);
    }

    public SimulatorOptions withRequestsPerSecond(double rps) {
        return new SimulatorOptions(nodes, host, basePort, kinds, models, seed, latency, tokensPerSecond, errorRate, rps,
                behaviours);
    }

    /** The kind of node {@code i} (from 1). */
    public NodeKind kind(int i) {
        return kinds.get((i - 1) % kinds.size());
    }

    /** The id of node {@code i} (from 1): its kind and its number. */
    public String nodeId(int i) {
        return nodeId(i, kinds);
    }

    /** The models node {@code i} serves. */
    public List<String> modelsOf(int i) {
        // The n-th node of its kind takes the n-th model, so llama.cpp nodes cover every model in turn.
        return kind(i) == NodeKind.LLAMACPP ? List.of(models.get((i - 1) / kinds.size() % models.size())) : models;
    }

    public Behaviour behaviour(String nodeId) {
        return behaviours.getOrDefault(nodeId, Behaviour.STEADY);
    }

    private static String nodeId(int i, List<NodeKind> kinds) {
        return String.format(Locale.ROOT, "%s-%04d", kinds.get((i - 1) % kinds.size()).id(), i);
    }

    /** The number in a node id, when it is one of these kinds at its place in turn; -1 otherwise. */
    private static int index(String id, List<NodeKind> kinds) {
        int dash = id.lastIndexOf('-');
        try {
            int i = Integer.parseInt(id.substring(dash + 1));
            return i >= 1 && nodeId(i, kinds).equals(id) ? i : -1;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return -1;
        }
    }
}
