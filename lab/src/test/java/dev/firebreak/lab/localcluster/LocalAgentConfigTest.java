package dev.firebreak.lab.localcluster;

import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.BreakerConfig;
import dev.firebreak.agent.config.ConfigLoader;
import dev.firebreak.agent.config.GatewayConfig;
import dev.firebreak.agent.config.ModelPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The file the local cluster writes for its agent is the configuration the agent's own loader reads back. */
class LocalAgentConfigTest {

    private static final List<LocalCluster.Node> NODES = List.of(
            new LocalCluster.Node("node-1", "http://127.0.0.1:41001", null, "node-1", List.of("tiny-chat", "tiny-code")),
            new LocalCluster.Node("node-2", "http://127.0.0.1:41002", null, "node-2", List.of("tiny-chat", "tiny-code")));

    @TempDir
    Path dir;

    @Test
    void shouldLoadBackWhatItWritesWithTheAgentsDefaults() throws Exception {
        AgentConfig written = LocalAgentConfig.of("local", List.of("tiny-chat", "tiny-code"), NodeSetup.defaults(), NODES,
                "fb_control-token-0123456789", "fb_operator-token-0123456789", "fb_viewer-token-0123456789");

        AgentConfig read = writeAndLoad(written);

        assertThat(read).isEqualTo(written.withStateFile(dir.resolve("firebreak-agent.db").toString()));
        assertThat(read.nodes().getFirst().controlToken()).isEqualTo("fb_control-token-0123456789");
        assertThat(read.models()).containsExactly(new ModelPolicy("tiny-chat", "tiny-code", null));
        assertThat(read.gateway()).isEqualTo(GatewayConfig.defaults());
    }

    @Test
    void shouldCarryTheGatewayFallbacksAndLimitsOfTheSetUp() throws Exception {
        GatewayConfig gateway = new GatewayConfig(0.8, 6, 0.2, 8_000L, 1.5, 3,
                new BreakerConfig(40f, null, 2_000L, null, null, null, null));
        NodeSetup setup = NodeSetup.defaults().withGateway(gateway, Map.of("a", "b"), Map.of("c", 2));
        AgentConfig written = LocalAgentConfig.of("game", List.of("a", "b", "c"), setup, NODES,
                "fb_control-token-0123456789", "fb_operator-token-0123456789", "fb_viewer-token-0123456789");

        AgentConfig read = writeAndLoad(written);

        assertThat(read.gateway()).isEqualTo(gateway);
        assertThat(read.models()).containsExactly(new ModelPolicy("a", "b", null), new ModelPolicy("c", null, 2));
        assertThat(read.access()).isEqualTo(written.access());
    }

    private AgentConfig writeAndLoad(AgentConfig config) throws Exception {
        Path file = Files.writeString(dir.resolve("agent.yaml"), ConfigLoader.yaml(config));
        return ConfigLoader.load(file, Map.of());
    }
}
