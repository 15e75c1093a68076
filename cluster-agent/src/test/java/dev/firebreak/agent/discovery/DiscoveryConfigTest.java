package dev.firebreak.agent.discovery;

import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.ConfigLoader;
import dev.firebreak.agent.config.DiscoveryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.firebreak.agent.config.ConfigFiles.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryConfigTest {

    private static final String CONFIG = """
            access:
              - {name: ci, role: operator, token: "operator-token-0123456789"}
            discovery:
              kubernetes:
                namespace: inference
                labelSelector: app.kubernetes.io/name=firebreak-node
                controlToken: node-token
            """;

    @TempDir
    Path dir;

    @Test
    void shouldDefaultToTheInClusterApiServerAndServiceAccount() throws Exception {
        AgentConfig config = ConfigLoader.load(write(CONFIG), Map.of());

        DiscoveryConfig.Kubernetes kubernetes = config.discovery().kubernetes();
        assertThat(kubernetes.apiUrl()).isEqualTo("https://kubernetes.default.svc");
        assertThat(kubernetes.tokenFile()).isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount/token");
        assertThat(kubernetes.caFile()).isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt");
        assertThat(kubernetes.port()).isEqualTo(8100);
        assertThat(kubernetes.scheme()).isEqualTo("http");
        assertThat(kubernetes.intervalMillis()).isEqualTo(5000);
        assertThat(config.nodes()).isEmpty();
    }

    @Test
    void shouldLoadTheShippedKubernetesConfiguration() throws Exception {
        AgentConfig config = ConfigLoader.load(Path.of("../packaging/kubernetes/agent-config.yaml"), Map.of());

        assertThat(config.nodes()).isEmpty();
        assertThat(config.discovery().kubernetes().labelSelector()).isEqualTo("app.kubernetes.io/name=firebreak-node");
        assertThat(config.stateFile()).isEqualTo("/var/lib/firebreak-agent/firebreak-agent.db");
    }

    @Test
    void shouldHaveNoDiscoveryWhenTheSectionIsAbsent() throws Exception {
        AgentConfig config = ConfigLoader.load(Path.of("config/agent.example.yaml"), Map.of());

        assertThat(config.discovery().kubernetes()).isNull();
    }

    @Test
    void shouldNameAMissingLabelSelector() throws IOException {
        Path file = write(CONFIG.replace("    labelSelector: app.kubernetes.io/name=firebreak-node\n", ""));

        assertRefused(file, file.toString(), "discovery.kubernetes.labelSelector is missing");
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("a bad scheme", CONFIG + "    scheme: grpc\n",
                        List.of("discovery.kubernetes.scheme must be http or https, got 'grpc'")),
                Arguments.of("a bad port", CONFIG + "    port: 70000\n",
                        List.of("discovery.kubernetes.port must be 1-65535, got 70000")),
                Arguments.of("a missing control token", CONFIG.replace("    controlToken: node-token\n", ""),
                        List.of("discovery.kubernetes.controlToken is missing")),
                Arguments.of("a missing namespace", CONFIG.replace("    namespace: inference\n", ""),
                        List.of("discovery.kubernetes.namespace is missing")),
                Arguments.of("an unknown setting", CONFIG + "    labelSelectors: x\n",
                        List.of("unknown setting 'labelSelectors'", "discovery.kubernetes")));
    }

    @ParameterizedTest(name = "should name {0}")
    @MethodSource("badSettings")
    void shouldNameWhatIsWrongInTheDiscoverySettings(String what, String yaml, List<String> message) throws IOException {
        Path file = write(yaml);

        assertRefused(file, message.toArray(String[]::new));
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "agent", ".yaml"), yaml);
    }
}
