package dev.firebreak.lab.bench;

import dev.firebreak.agent.AgentMain;
import dev.firebreak.lab.localcluster.ChildProcess;
import dev.firebreak.lab.localcluster.JavaCommand;
import dev.firebreak.lab.simulator.AgentYaml;
import dev.firebreak.lab.simulator.SimulatedNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The real agent a benchmark measures: a child JVM watching simulated nodes, with its files in one folder. */
public final class BenchAgent {

    private BenchAgent() {
    }

    /**
     * Writes {@code dir}/agent.yaml watching {@code nodes} (a fresh state file; {@code gateway} settings as the
     * file spells them) and starts {@code firebreak-agent serve} on it with {@code jvm}, its output in
     * {@code dir}/agent.log; the caller waits for its URL and kills it.
     */
    public static ChildProcess start(Path dir, String cluster, List<SimulatedNode> nodes, long intervalMillis,
                                     Map<String, Object> gateway, List<String> jvm) throws IOException {
        Path config = dir.resolve("agent.yaml");
        Path state = dir.resolve("agent.db");
        AgentYaml.write(config, cluster, nodes, intervalMillis, state, gateway);
        Files.deleteIfExists(state);
        JavaCommand command = new JavaCommand(jvm, AgentMain.class.getName(), List.of("serve", "--config", config.toString()));
        return ChildProcess.start("agent", command, Map.of(), dir.resolve("agent.log"), AgentMain.LISTENING);
    }
}
