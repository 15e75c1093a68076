package dev.firebreak.agent.config;

import dev.firebreak.agent.api.NodeKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.firebreak.agent.config.ConfigFiles.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** A node's {@code kind} in the agent's config: Firebreak by default, an engine by name, a clear error for any other. */
class NodeKindConfigTest {

    @TempDir
    Path dir;

    private Path config(String nodes) throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, "cluster: c\naccess:\n  - {name: alice, role: operator, token: \"alice-token-0123456789\"}\n"
                + "nodes:\n" + nodes);
        return file;
    }

    @Test
    void shouldReadEachNodesKindWithFirebreakByDefault() throws Exception {
        AgentConfig config = ConfigLoader.load(config("""
                  - {id: fb-1, url: "http://h:8100", controlToken: t}
                  - {id: vllm-1, url: "http://h:8000", kind: vllm}
                  - {id: llama-1, url: "http://h:8080", kind: llamacpp}
                  - {id: sglang-1, url: "http://h:30000", kind: sglang}
                  - {id: api-1, url: "http://h:9000", kind: openai}
                """), Map.of());

        assertThat(config.nodes()).extracting(NodeConfig::kind).containsExactly(NodeKind.FIREBREAK, NodeKind.VLLM,
                NodeKind.LLAMACPP, NodeKind.SGLANG, NodeKind.OPENAI);
    }

    @Test
    void shouldNameTheKindsWhenOneIsUnknown() throws Exception {
        Path file = config("  - {id: tgi-1, url: \"http://h:8080\", kind: tgi}\n");
        assertRefused(file, "kind 'tgi' is not one of firebreak, vllm, llamacpp, sglang, openai");
    }

    @Test
    void shouldStillWantAControlTokenForAFirebreakNode() throws Exception {
        Path file = config("  - {id: fb-1, url: \"http://h:8100\"}\n");
        assertRefused(file, "nodes[fb-1].controlToken is missing");
    }
}
