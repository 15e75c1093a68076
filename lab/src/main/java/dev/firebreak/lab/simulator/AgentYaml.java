package dev.firebreak.lab.simulator;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An agent configuration file that watches simulated nodes, each with its kind and URL, scraped
 * every {@code intervalMillis}: what {@code firebreak-agent serve --config} reads. Written as YAML
 * maps, the file format, so it stays what an operator would write by hand.
 */
public final class AgentYaml {

    /** The token of the simulated Firebreak nodes' control endpoints (they do not check it) and the agent's operator. */
    public static final String TOKEN = "simulated-nodes-token";

    private AgentYaml() {
    }

    /**
     * Writes the configuration to {@code file}.
     *
     * @param intervalMillis scrape interval; the timeout is half of it and a node is down after two intervals of silence
     */
    public static void write(Path file, String cluster, List<SimulatedNode> nodes, long intervalMillis, Path stateFile)
            throws IOException {
        write(file, cluster, nodes, intervalMillis, stateFile, Map.of());
    }

    /** The same with a {@code gateway} section ({@code maxConcurrentPerModel}, ...), as the file spells it. */
    public static void write(Path file, String cluster, List<SimulatedNode> nodes, long intervalMillis, Path stateFile,
                             Map<String, Object> gateway) throws IOException {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("cluster", cluster);
        yaml.put("listen", Map.of("host", "127.0.0.1", "port", 0));
        yaml.put("scrape", Map.of("intervalMillis", intervalMillis, "timeoutMillis", Math.max(50, intervalMillis / 2),
                "downAfterMillis", 2 * intervalMillis));
        yaml.put("nodes", nodes.stream().map(n -> Map.of("id", n.id(), "url", n.url(), "kind", n.kind().id(),
                "controlToken", TOKEN)).toList());
        yaml.put("access", List.of(Map.of("name", "simulator", "role", "operator", "token", TOKEN)));
        yaml.put("stateFile", stateFile.toString());
        if (!gateway.isEmpty()) {
            yaml.put("gateway", gateway);
        }
        new YAMLMapper().writeValue(file.toFile(), yaml);
    }
}
