package dev.firebreak.lab.simulator;

import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.node.process.ServiceProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code firebreak-lab simulate}: serves N simulated nodes on loopback ports until stopped, and
 * optionally writes an agent configuration that watches them all.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Serve N simulated inference nodes (Firebreak, vLLM, llama.cpp, SGLang, OpenAI faces) in one process.")
public final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--nodes", defaultValue = "10", description = "How many nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--kinds", split = ",", defaultValue = "firebreak",
            description = "Kinds taken in turn: firebreak, vllm, llamacpp, sglang, openai (default: ${DEFAULT-VALUE}).")
    List<String> kinds;

    @Option(names = "--models", split = ",", defaultValue = "sim-chat",
            description = "Models every node serves (a llama.cpp node: one, in turn) (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--base-port", defaultValue = "0",
            description = "First node's port, the others follow; 0 for any free ports (default: ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--seed", defaultValue = "1", description = "Seeds every node's draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--latency", defaultValue = "20,80",
            description = "Time to first token, median,p99 in ms (default: ${DEFAULT-VALUE}).")
    String latency;

    @Option(names = "--token-rate", defaultValue = "200",
            description = "Tokens/s of each sequence; 0 sends all at once (default: ${DEFAULT-VALUE}).")
    double tokenRate;

    @Option(names = "--error-rate", defaultValue = "0", description = "Share of requests failed (default: ${DEFAULT-VALUE}).")
    double errorRate;

    @Option(names = "--rps", defaultValue = "2",
            description = "Synthetic requests/s per model and node in the figures (default: ${DEFAULT-VALUE}).")
    double rps;

    @Option(names = "--behaviour", description = "node-id=steady|leaking|stalled|truncating, repeatable.")
    Map<String, String> behaviours = new LinkedHashMap<>();

    @Option(names = "--agent-config", description = "Write an agent configuration watching every node to this file.")
    Path agentConfig;

    @Option(names = "--scrape-interval", defaultValue = "1000",
            description = "Scrape interval in ms written into --agent-config (default: ${DEFAULT-VALUE}).")
    long scrapeInterval;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SimulatorOptions options = options();
        Simulator simulator;
        try {
            simulator = Simulator.start(options);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (agentConfig != null) {
            Path state = agentConfig.toAbsolutePath().resolveSibling("simulated-agent.db");
            try {
                AgentYaml.write(agentConfig, "simulated", simulator.nodes(), scrapeInterval, state);
            } catch (IOException e) {
                simulator.close();
                throw e;
            }
        }
        Map<NodeKind, Long> byKind = simulator.nodes().stream()
                .collect(Collectors.groupingBy(SimulatedNode::kind, () -> new EnumMap<>(NodeKind.class), Collectors.counting()));
        ServiceProcess.runUntilStopped(simulator::close, null, "simulating " + simulator.nodes().size() + " nodes " + byKind
                + " on " + host + " ports " + simulator.nodes().getFirst().port() + " to " + simulator.nodes().getLast().port()
                + (agentConfig == null ? "" : "; agent configuration in " + agentConfig));
        return 0;
    }

    SimulatorOptions options() {
        try {
            List<NodeKind> parsedKinds = kinds.stream().map(NodeKind::of).toList();
            Map<String, Behaviour> parsed = new LinkedHashMap<>();
            behaviours.forEach((id, b) -> parsed.put(id, Behaviour.of(b)));
            return new SimulatorOptions(nodes, host, basePort, parsedKinds, models, seed, LatencyDistribution.parse(latency),
                    tokenRate, errorRate, rps, parsed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
